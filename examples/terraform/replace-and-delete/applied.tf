# The state the plan starts from (applied first by scripts/make-example-plans.sh).
resource "terraform_data" "keep" {
  input = "unchanged"
}

resource "terraform_data" "rotate" {
  input            = "key-v1"
  triggers_replace = "v1"
}

resource "terraform_data" "goner" {
  input = "old-report"
}
