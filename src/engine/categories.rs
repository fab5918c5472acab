/*!
Resource type → category table (AWS, Azure, GCP). OWNER: intent helper.
Contract: `pub fn category_of(resource_type: &str) -> &'static str`
*/
pub fn category_of(_resource_type: &str) -> &'static str {
    "other"
}
