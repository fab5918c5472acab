# Two new helper resources and nothing else: a plan that does exactly what
# "Add the build and release marker resources" asks (creates only).
resource "terraform_data" "build_marker" {
  input = "build-42"
}

resource "terraform_data" "release_marker" {
  input = "release-7"
}
