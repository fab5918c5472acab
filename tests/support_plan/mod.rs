/*!
Reading corpus plans the way Terraform wrote them, for tests of stages that must cope on their own
with whatever document they are given (so not through the plan parser).
*/

/// The plan JSON as Terraform wrote it: UTF-8, UTF-8 with a BOM, or UTF-16 (LE or BE) with a BOM.
pub fn raw_document(bytes: &[u8]) -> serde_json::Value {
    let utf16 = |rest: &[u8], unit: fn([u8; 2]) -> u16| {
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| unit([c[0], c[1]])).collect();
        String::from_utf16(&units).unwrap()
    };
    let text = match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8(rest.to_vec()).unwrap(),
        _ => String::from_utf8(bytes.to_vec()).unwrap(),
    };
    serde_json::from_str(&text).unwrap()
}
