# A value marked sensitive: Terraform masks it in `after_sensitive`, yet `terraform show -json`
# still writes it in clear text in `after`. The auditor must never repeat it.
variable "token" {
  type      = string
  sensitive = true
  default   = "example-token-0f9c2e"
}

resource "terraform_data" "api_client" {
  input = var.token
}
