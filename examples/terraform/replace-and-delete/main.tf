# Planned against applied.tf's state: `rotate` is replaced (its trigger changed, so delete then
# create), `goner` is deleted (its block is gone) and `keep` is a no-op. Both destructions need a
# deletion confirmation, whatever the request says.
resource "terraform_data" "keep" {
  input = "unchanged"
}

resource "terraform_data" "rotate" {
  input            = "key-v2"
  triggers_replace = "v2"
}
