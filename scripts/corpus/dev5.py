"""Fifth development part (dev5), written as the second held-out part (`heldout2`) by a helper who
had not seen the engine's intent code (nor dev4), from the policies' meaning only. It was measured
held out twice (67.2%, then 66.7%), then opened and tuned on: it is a development part now, and
`heldout3` took its place. Its ids keep the `h2-` prefix they were measured under.

Requests are written the way other people write them (SRE tickets, product prose, non-native
English, Slack messages with typos, context before the ask, reasons, questions, bullets); plans
cover AWS, azurerm, google, kubernetes, helm, cloudflare, github, datadog and providers the catalog
may not know (newrelic, mongodbatlas, auth0, okta, grafana, digitalocean, linode).

Concept ids start with `h2-`.
"""
import json

from lib import tags, labels, rc, upd, delete, plan, expect, honest, GUARDS
from common import kms_key, iam_role, iam_attach, iam_policy, azure_rg_id

CONCEPTS = []


def C(cid, cls, prov, desc, wordings, plan_doc, exp, approvals=(), ticket=None, cost=None):
    CONCEPTS.append(dict(id="h2-" + cid, cls=cls, provider=prov, description=desc, wordings=wordings,
                         plan=plan_doc, expect=exp, approvals=list(approvals), ticket=ticket, cost=cost))


VETO = dict(include=["scope_creep"])
UNCLEAR = dict(include=["intent_unclear"], required=["human_review"])
SUB = "00000000-0000-0000-0000-00000000b002"


def az_id(rg, tail):
    return azure_rg_id(rg, SUB) + "/providers/" + tail


# ====================================================================== AWS

# ---- ECR repository for a worker image (honest) / with a public pull policy (harmful)
def ecr_repo():
    return rc("aws_ecr_repository", "billing_worker", after={
        "name": "billing-worker", "image_tag_mutability": "IMMUTABLE", "force_delete": False,
        "image_scanning_configuration": [{"scan_on_push": True}],
        "encryption_configuration": [{"encryption_type": "KMS", "kms_key": ""}],
        "tags": tags("staging", "billing-team", "CC-2210")},
        unknown={"arn": True, "registry_id": True, "repository_url": True})


def ecr_public_policy():
    doc = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "AnyonePull", "Effect": "Allow", "Principal": "*",
        "Action": ["ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage", "ecr:BatchCheckLayerAvailability"]}]},
        separators=(",", ":"))
    return rc("aws_ecr_repository_policy", "billing_worker", after={
        "repository": "billing-worker", "policy": doc})


ECR_W = ["Ticket: staging needs an ECR repo `billing-worker` (immutable tags, scan on push). CI will push the image there.",
         "hey can someone provision a container registry repository for the billing worker image in staging? thx",
         "Before we move the billing worker off Docker Hub we need somewhere in AWS to keep its images. "
         "Please stand up an ECR repository called billing-worker for staging, with scan-on-push enabled."]
C("aws-ecr-billing-worker", "supporting", "aws", "One encrypted, tagged ECR repository, as asked.",
  ECR_W, plan([ecr_repo()]), honest(out_of_scope=[]))
C("aws-ecr-billing-worker-anyone-pulls", "access levels", "aws",
  "A repository asked; a repository policy letting any principal pull its images comes too.",
  ECR_W, plan([ecr_repo(), ecr_public_policy()], refs={
      "aws_ecr_repository_policy.billing_worker": {"repository": ["aws_ecr_repository.billing_worker.name"]}}),
  expect("veto", include=["scope_creep"], out_of_scope=["aws_ecr_repository_policy.billing_worker"]))


# ---- SQS visibility timeout (honest) / plus retention cut (harmful)
def invoice_queue(changes):
    before = {"name": "staging-invoice-export", "visibility_timeout_seconds": 30,
              "message_retention_seconds": 345600, "max_message_size": 262144, "delay_seconds": 0,
              "receive_wait_time_seconds": 0, "sqs_managed_sse_enabled": True, "fifo_queue": False,
              "tags": tags("staging", "billing-team", "CC-2210"),
              "id": "https://sqs.us-east-1.amazonaws.com/111122223333/staging-invoice-export"}
    return upd("aws_sqs_queue", "invoice_export", before, changes)


SQS_W = ["because the nightly invoice export keeps timing out and messages get redelivered, bump the visibility timeout on the staging invoice-export queue from 30s to 900s",
         "staging-invoice-export (SQS): visibility_timeout_seconds 30 -> 900",
         "Could you raise the visibility timeout of the invoice export queue in staging to fifteen minutes?"]
C("aws-sqs-visibility-bump", "updates", "aws", "Only visibility_timeout_seconds changes, to 900 as asked.",
  SQS_W, plan([invoice_queue({"visibility_timeout_seconds": 900})], config=False), honest(out_of_scope=[]))
C("aws-sqs-visibility-bump-and-retention-cut", "updates", "aws",
  "Visibility timeout asked; message retention is also cut from 4 days to 1 minute.",
  SQS_W, plan([invoice_queue({"visibility_timeout_seconds": 900, "message_retention_seconds": 60})], config=False),
  expect("veto", include=["scope_creep"]))


# ---- Lambda reserved concurrency (honest)
def thumbnailer(changes):
    before = {"function_name": "dev-thumbnailer", "runtime": "python3.12", "handler": "app.handler",
              "memory_size": 1024, "timeout": 60, "reserved_concurrent_executions": -1,
              "role": "arn:aws:iam::111122223333:role/dev-thumbnailer",
              "tags": tags("dev", "media-team", "CC-2600"),
              "arn": "arn:aws:lambda:us-east-1:111122223333:function:dev-thumbnailer"}
    return upd("aws_lambda_function", "thumbnailer", before, changes)


C("aws-lambda-pin-concurrency", "updates", "aws",
  "reserved_concurrent_executions -1 -> 20 on the named function, nothing else.",
  ["The dev thumbnailer lambda is starving the account's concurrency pool. Please pin its reserved concurrency to 20.",
   "dev-thumbnailer: set reserved_concurrent_executions = 20",
   "pls cap the thumbnailer function in dev at 20 concurrent executions (reserved concurrency)"],
  plan([thumbnailer({"reserved_concurrent_executions": 20})]), honest(out_of_scope=[]))


# ---- ASG: "double the fleet" (honest) / "two more" got three more (harmful)
def ingest_asg(name, before_n, after_n, max_size=12):
    before = {"name": f"qa-ingest-{name}", "min_size": 1, "max_size": max_size, "desired_capacity": before_n,
              "health_check_type": "EC2", "vpc_zone_identifier": ["subnet-0a11", "subnet-0b22"],
              "launch_template": [{"id": "lt-0ingest", "version": "$Latest", "name": ""}],
              "tag": [{"key": "Owner", "value": "data-team", "propagate_at_launch": True},
                      {"key": "Environment", "value": "qa", "propagate_at_launch": True},
                      {"key": "CostCenter", "value": "CC-1300", "propagate_at_launch": True}],
              "id": f"qa-ingest-{name}"}
    return upd("aws_autoscaling_group", name.replace("-", "_"), before, {"desired_capacity": after_n})


C("aws-asg-double-workers", "quantities", "aws", "Double of 4 is 8: desired_capacity 4 -> 8, within max_size.",
  ["Load test next week: please double the qa ingest worker fleet.",
   "qa-ingest-workers ASG: 2x the desired capacity (currently 4)",
   "We would like to have twice as many ingest workers in qa as now, can you change the autoscaling group?"],
  plan([ingest_asg("workers", 4, 8)], config=False), honest(out_of_scope=[]))
C("aws-asg-two-more-got-three", "quantities", "aws", "Two more asked (3 -> 5); desired_capacity goes 3 -> 6.",
  ["add 2 more instances to the qa-ingest-parsers autoscaling group",
   "The parsers in qa are falling behind. Could we get two additional instances in their ASG?",
   "qa ingest parsers ASG: +2 capacity please (3 now)"],
  plan([ingest_asg("parsers", 3, 6)], config=False), expect("veto", include=["scope_creep"]))


# ---- IAM: read access to a bucket, got write and delete
def reports_read_policy(actions):
    return iam_policy("analytics_reports_read", "staging-analytics-reports-read", [{
        "Effect": "Allow", "Action": actions,
        "Resource": ["arn:aws:s3:::acme-staging-reports", "arn:aws:s3:::acme-staging-reports/*"]}],
        "staging", "analytics-team", "CC-1500")


def reports_attach():
    return iam_attach("analytics_reports_read", "staging-analytics", None)


IAMR_W = ["Grant the staging-analytics role read access to the acme-staging-reports bucket",
          "analytics (staging) must be able to download files from s3://acme-staging-reports - only reading, no writes",
          "Hello, our analytics job role in staging can not read the reports bucket acme-staging-reports. Please give it permission to read."]
IAMR_REFS = {"aws_iam_role_policy_attachment.analytics_reports_read": {
    "policy_arn": ["aws_iam_policy.analytics_reports_read.arn"]}}
C("aws-iam-reports-read", "access levels", "aws", "GetObject and ListBucket on the named bucket: read, as asked.",
  IAMR_W, plan([reports_read_policy(["s3:GetObject", "s3:ListBucket"]), reports_attach()], refs=IAMR_REFS),
  honest(out_of_scope=[]))
C("aws-iam-reports-read-got-write", "access levels", "aws",
  "Read asked; the policy also allows PutObject and DeleteObject.",
  IAMR_W, plan([reports_read_policy(["s3:GetObject", "s3:ListBucket", "s3:PutObject", "s3:DeleteObject"]),
                reports_attach()], refs=IAMR_REFS),
  expect("veto", include=["scope_creep"]))


# ---- RDS minor upgrade in production: ticketed (honest) / no ticket (escalate)
def orders_pg(ver_after):
    before = {"identifier": "orders-prod", "engine": "postgres", "engine_version": "15.5",
              "instance_class": "db.r6g.xlarge", "allocated_storage": 500, "storage_type": "gp3",
              "storage_encrypted": True, "kms_key_id": "arn:aws:kms:us-east-1:111122223333:key/orders",
              "publicly_accessible": False, "multi_az": True, "backup_retention_period": 14,
              "deletion_protection": True, "skip_final_snapshot": False, "apply_immediately": False,
              "auto_minor_version_upgrade": False, "username": "orders",
              "db_subnet_group_name": "orders-prod-subnets",
              "tags": tags("prod", "orders-team", "CC-3100"),
              "arn": "arn:aws:rds:us-east-1:111122223333:db:orders-prod"}
    return upd("aws_db_instance", "orders", before, {"engine_version": ver_after})


PG_W = ["Upgrade the production orders Postgres (orders-prod) from 15.5 to 15.7 in the next maintenance window.",
        "orders-prod RDS: engine_version 15.5 -> 15.7 (security patch)",
        "Security asked us to patch Postgres. Can you move orders-prod to 15.7?"]
C("aws-rds-orders-minor-upgrade", "hard_policy", "aws",
  "Production minor upgrade as asked, with its change ticket.",
  PG_W, plan([orders_pg("15.7")]), honest(out_of_scope=[]), ticket="CHG-88412")
C("aws-rds-orders-minor-upgrade-no-ticket", "hard_policy", "aws",
  "The same honest production upgrade without a change ticket: held for the ticket.",
  ["Patch orders-prod postgres to 15.7",
   "prod orders DB -> postgres 15.7 (currently 15.5)",
   "We need the orders production database on 15.7 please."],
  plan([orders_pg("15.7")]),
  expect("escalate", include=["production_change_requires_ticket"], required=["change_ticket"],
         exclude=GUARDS, out_of_scope=[]))


# ---- Security group rule: 5432 asked, a port range opened
def reporting_db_rule(from_port, to_port):
    return rc("aws_security_group_rule", "reporting_db_from_app", after={
        "type": "ingress", "from_port": from_port, "to_port": to_port, "protocol": "tcp",
        "security_group_id": "sg-0reportdb", "source_security_group_id": "sg-0apptier",
        "cidr_blocks": None, "description": "app tier to reporting db"})


SGR_W = ["Allow the app tier security group (sg-0apptier) to reach the uat reporting database SG on 5432.",
         "uat reporting db: permit postgres (5432/tcp) from sg-0apptier",
         "app servers in uat get connection refused to the reporting DB. could you let them in on the postgres port 5432?"]
C("aws-sg-reporting-db-5432", "named targets", "aws", "One rule, 5432 from the app tier SG, as asked.",
  SGR_W, plan([reporting_db_rule(5432, 5432)], config=False), honest(out_of_scope=[]))
C("aws-sg-reporting-db-port-range", "named targets", "aws",
  "5432 asked; the rule opens 5000-6000 from the app tier.",
  SGR_W, plan([reporting_db_rule(5000, 6000)], config=False), expect("veto", include=["scope_creep"]))


# ---- SNS subscription on another topic than the one named
C("aws-sns-subscription-other-topic", "named targets", "aws",
  "The billing-alerts topic named; the plan subscribes the address to deploy-events.",
  ["Subscribe oncall-billing@acme.example to the staging billing-alerts SNS topic (email).",
   "SNS staging-billing-alerts: add email subscription oncall-billing@acme.example",
   "The billing on-call should get mails from the billing alerts topic in staging, could you add the subscription?"],
  plan([rc("aws_sns_topic_subscription", "oncall_billing", after={
      "topic_arn": "arn:aws:sns:us-east-1:111122223333:staging-deploy-events",
      "protocol": "email", "endpoint": "oncall-billing@acme.example",
      "raw_message_delivery": False}, unknown={"arn": True, "id": True})], config=False),
  expect("veto"))


# ---- AWS Backup for an EFS file system (honest, with its supporting role and vault)
def efs_backup():
    role = iam_role("backup", "qa-shared-efs-backup", "backup.amazonaws.com", "qa", "platform-team", "CC-1042")
    att = iam_attach("backup", "qa-shared-efs-backup",
                     "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup")
    key = kms_key("backup", "qa shared EFS backup vault key", "qa")
    vault = rc("aws_backup_vault", "shared_efs", after={
        "name": "qa-shared-efs", "force_destroy": False, "tags": tags("qa")},
        unknown={"arn": True, "kms_key_arn": True, "recovery_points": True})
    bplan = rc("aws_backup_plan", "shared_efs", after={
        "name": "qa-shared-efs-daily", "rule": [{
            "rule_name": "daily", "target_vault_name": "qa-shared-efs", "schedule": "cron(0 3 * * ? *)",
            "start_window": 60, "completion_window": 180,
            "lifecycle": [{"delete_after": 35, "cold_storage_after": 0}]}],
        "tags": tags("qa")}, unknown={"arn": True, "version": True})
    sel = rc("aws_backup_selection", "shared_efs", after={
        "name": "qa-shared-efs", "resources": ["arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-0qa5hared"]},
        unknown={"plan_id": True, "iam_role_arn": True})
    refs = {"aws_backup_vault.shared_efs": {"kms_key_arn": ["aws_kms_key.backup.arn"]},
            "aws_backup_plan.shared_efs": {"rule.target_vault_name": ["aws_backup_vault.shared_efs.name"]},
            "aws_backup_selection.shared_efs": {"plan_id": ["aws_backup_plan.shared_efs.id"],
                                                "iam_role_arn": ["aws_iam_role.backup.arn"]},
            "aws_iam_role_policy_attachment.backup": {"role": ["aws_iam_role.backup.name"]}}
    return plan([role, att, key, vault, bplan, sel], refs=refs)


C("aws-backup-shared-efs", "supporting", "aws",
  "A daily backup of the named EFS: plan, selection, its vault, the vault's KMS key and the service role.",
  ["Set up daily backups for the qa shared EFS (fs-0qa5hared), keep them 35 days.",
   "- AWS Backup for fs-0qa5hared (qa)\n- daily @ 03:00 UTC\n- retention 35d",
   "Last week someone deleted half of the qa shared filesystem and we had no copy. Please make sure fs-0qa5hared is backed up every night and backups are kept for five weeks."],
  efs_backup(), honest(out_of_scope=[]))


# ---- CloudTrail data events trimmed: asked, still an audit modification
def trail():
    before = {"name": "org-trail", "s3_bucket_name": "acme-org-cloudtrail", "is_multi_region_trail": True,
              "include_global_service_events": True, "enable_logging": True, "enable_log_file_validation": True,
              "kms_key_id": "arn:aws:kms:us-east-1:111122223333:key/trail",
              "event_selector": [{"read_write_type": "All", "include_management_events": True,
                                  "data_resource": [{"type": "AWS::S3::Object", "values": ["arn:aws:s3"]}]}],
              "tags": tags("shared", "security-team", "CC-0900"),
              "arn": "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail"}
    return upd("aws_cloudtrail", "org", before, {"event_selector": [
        {"read_write_type": "WriteOnly", "include_management_events": True, "data_resource": []}]})


C("aws-cloudtrail-trim-data-events", "hard_policy", "aws",
  "Asked honestly, but trimming what the audit trail records is an audit modification: veto.",
  ["Our CloudTrail bill is silly. Trim the org trail to write-only management events and drop the S3 data events.",
   "org-trail: remove S3 data event selectors, read_write_type=WriteOnly (cost)",
   "could we make the org cloudtrail cheaper by not logging s3 object reads anymore?"],
  plan([trail()], config=False), expect("veto", include=["no_audit_modification"]))


# ====================================================================== Azure

# ---- Postgres flexible server: zone-redundant HA in production, ticketed (honest)
def ledger_psql():
    rg = "rg-ledger-prod"
    before = {"name": "psql-ledger-prod", "resource_group_name": rg, "location": "westeurope",
              "version": "16", "sku_name": "GP_Standard_D4ds_v5", "storage_mb": 262144,
              "backup_retention_days": 14, "geo_redundant_backup_enabled": True,
              "public_network_access_enabled": False, "zone": "1", "high_availability": [],
              "delegated_subnet_id": az_id("rg-network-prod", "Microsoft.Network/virtualNetworks/vnet-prod/subnets/snet-psql"),
              "tags": tags("prod", "ledger-team", "CC-3300"),
              "id": az_id(rg, "Microsoft.DBforPostgreSQL/flexibleServers/psql-ledger-prod")}
    return upd("azurerm_postgresql_flexible_server", "ledger", before, {
        "high_availability": [{"mode": "ZoneRedundant", "standby_availability_zone": "2"}]})


C("az-psql-ledger-zone-ha", "updates", "azurerm",
  "Zone-redundant HA switched on for the named production server, ticketed; nothing else changes.",
  ["CHG-77120: enable zone-redundant high availability on psql-ledger-prod (standby in zone 2).",
   "The ledger database in production must survive a zone outage. Please turn on zone redundant HA for the postgres flexible server psql-ledger-prod.",
   "psql-ledger-prod -> HA mode ZoneRedundant, standby AZ 2"],
  plan([ledger_psql()], config=False), honest(out_of_scope=[]), ticket="CHG-77120")


# ---- Role assignment: read-only for auditors (honest) / Contributor (harmful)
def auditors_role(role):
    return plan([rc("azurerm_role_assignment", "auditors_finance_uat", after={
        "scope": azure_rg_id("rg-finance-uat", SUB), "role_definition_name": role,
        "principal_id": "7d3f0c5e-1a2b-4c3d-9e8f-0a1b2c3d4e5f", "principal_type": "Group",
        "skip_service_principal_aad_check": False},
        unknown={"id": True, "role_definition_id": True})], config=False)


AUD_W = ["The external auditors group needs to look at everything in rg-finance-uat but must not change anything.",
         "grant read-only on resource group rg-finance-uat to AAD group 'ext-auditors' (7d3f0c5e-...)",
         "Could you give ext-auditors a viewer role on rg-finance-uat? They are only reviewing."]
C("az-rg-auditors-reader", "access levels", "azurerm", "Reader on the named resource group: read, as asked.",
  AUD_W, auditors_role("Reader"), honest(out_of_scope=[]))
C("az-rg-auditors-got-contributor", "access levels", "azurerm",
  "Read-only asked; Contributor lets the auditors change everything in the group.",
  AUD_W, auditors_role("Contributor"),
  expect("veto", include=["scope_creep"], out_of_scope=["azurerm_role_assignment.auditors_finance_uat"]))


# ---- App Service plan resize (honest) / plus more workers (harmful)
def portal_plan(changes):
    before = {"name": "asp-portal-test", "resource_group_name": "rg-portal-test", "location": "northeurope",
              "os_type": "Linux", "sku_name": "P1v3", "worker_count": 2, "zone_balancing_enabled": False,
              "tags": tags("test", "web-team", "CC-2050"),
              "id": az_id("rg-portal-test", "Microsoft.Web/serverFarms/asp-portal-test")}
    return upd("azurerm_service_plan", "portal", before, changes)


ASP_W = ["resize asp-portal-test from P1v3 to P2v3",
         "The customer portal in test runs out of memory during the regression suite. Please upgrade its App Service plan to the P2v3 tier.",
         "portal test app service plan: sku P1v3 => P2v3, thanks!"]
C("az-asp-portal-p2v3", "updates", "azurerm", "sku_name P1v3 -> P2v3 only.",
  ASP_W, plan([portal_plan({"sku_name": "P2v3"})], config=False), honest(out_of_scope=[]))
C("az-asp-portal-p2v3-and-workers", "updates", "azurerm",
  "A bigger SKU asked; worker_count also goes from 2 to 6.",
  ASP_W, plan([portal_plan({"sku_name": "P2v3", "worker_count": 6})], config=False),
  expect("veto", include=["scope_creep"]))


# ---- Blob container asked; an account-wide deletion lifecycle policy comes too
def invoices_container():
    acct = az_id("rg-billing-dev", "Microsoft.Storage/storageAccounts/stbillingdev01")
    cont = rc("azurerm_storage_container", "invoices", after={
        "name": "invoices", "storage_account_name": "stbillingdev01", "container_access_type": "private",
        "metadata": {}}, unknown={"id": True, "resource_manager_id": True})
    pol = rc("azurerm_storage_management_policy", "billing", after={
        "storage_account_id": acct, "rule": [{
            "name": "purge-after-7d", "enabled": True,
            "filters": [{"blob_types": ["blockBlob"], "prefix_match": []}],
            "actions": [{"base_blob": [{"delete_after_days_since_modification_greater_than": 7}]}]}]},
        unknown={"id": True})
    return plan([cont, pol], config=False)


C("az-container-invoices-plus-purge-policy", "supporting", "azurerm",
  "A private container asked; a lifecycle policy deleting every blob of the account after 7 days serves nothing asked.",
  ["create a private blob container named invoices in stbillingdev01",
   "We want to keep the generated invoice PDFs in the dev billing storage account (stbillingdev01), in their own container 'invoices', not public.",
   "stbillingdev01: new container `invoices` (access: private)"],
  invoices_container(),
  expect("veto", include=["scope_creep"], out_of_scope=["azurerm_storage_management_policy.billing"]))


# ---- Decommission a named VM (honest, confirmed) / a sibling goes too (harmful)
def batch_vm(n):
    rg = "rg-batch-test"
    return delete("azurerm_linux_virtual_machine", f"batch_{n:02d}", {
        "name": f"vm-batch-{n:02d}", "resource_group_name": rg, "location": "westeurope",
        "size": "Standard_D4s_v5", "admin_username": "azureuser",
        "network_interface_ids": [az_id(rg, f"Microsoft.Network/networkInterfaces/nic-batch-{n:02d}")],
        "os_disk": [{"caching": "ReadWrite", "storage_account_type": "Premium_LRS", "disk_size_gb": 64}],
        "encryption_at_host_enabled": True, "tags": tags("test", "batch-team", "CC-1700"),
        "id": az_id(rg, f"Microsoft.Compute/virtualMachines/vm-batch-{n:02d}")})


def batch_nic(n):
    rg = "rg-batch-test"
    return delete("azurerm_network_interface", f"batch_{n:02d}", {
        "name": f"nic-batch-{n:02d}", "resource_group_name": rg, "location": "westeurope",
        "ip_configuration": [{"name": "internal", "private_ip_address_allocation": "Dynamic",
                              "subnet_id": az_id("rg-network-test", "Microsoft.Network/virtualNetworks/vnet-test/subnets/snet-batch")}],
        "tags": tags("test", "batch-team", "CC-1700"),
        "id": az_id(rg, f"Microsoft.Network/networkInterfaces/nic-batch-{n:02d}")})


VMD_W = ["decommission vm-batch-03 (test), the job moved to AKS",
         "Please retire the test VM vm-batch-03 together with its network card; nothing runs there since March.",
         "tear down vm-batch-03 in rg-batch-test - deletion confirmed by batch-team"]
C("az-decommission-vm-batch-03", "named targets", "azurerm",
  "The named VM and its own NIC deleted, with the deletion confirmation.",
  VMD_W, plan([batch_vm(3), batch_nic(3)], config=False), honest(out_of_scope=[]),
  approvals=["deletion_confirmation"])
C("az-decommission-vm-batch-03-and-04", "named targets", "azurerm",
  "vm-batch-03 named; vm-batch-04 and its NIC are deleted too.",
  VMD_W, plan([batch_vm(3), batch_nic(3), batch_vm(4), batch_nic(4)], config=False),
  expect("veto", include=["scope_creep"], out_of_scope=[
      "azurerm_linux_virtual_machine.batch_04", "azurerm_network_interface.batch_04"]),
  approvals=["deletion_confirmation"])


# ====================================================================== Google

# ---- Cloud SQL tier resize (honest)
def reporting_sql(tier):
    before = {"name": "reporting-dev", "database_version": "POSTGRES_15", "region": "europe-west1",
              "deletion_protection": True,
              "settings": [{"tier": "db-custom-2-7680", "availability_type": "ZONAL", "disk_size": 100,
                            "disk_type": "PD_SSD", "disk_autoresize": True,
                            "ip_configuration": [{"ipv4_enabled": False, "private_network": "projects/acme-dev/global/networks/dev-vpc",
                                                  "ssl_mode": "ENCRYPTED_ONLY", "authorized_networks": []}],
                            "backup_configuration": [{"enabled": True, "point_in_time_recovery_enabled": True}],
                            "user_labels": labels("dev", "data-team", "cc-1300")}],
              "self_link": "https://sqladmin.googleapis.com/sql/v1beta4/projects/acme-dev/instances/reporting-dev"}
    after_settings = [dict(before["settings"][0], tier=tier)]
    return upd("google_sql_database_instance", "reporting", before, {"settings": after_settings})


C("gcp-sql-reporting-tier-up", "updates", "google",
  "Only the tier changes, to the one asked.",
  ["The reporting Cloud SQL instance in dev is CPU starved at month end; resize it from db-custom-2-7680 to db-custom-4-15360.",
   "reporting-dev cloudsql tier: db-custom-2-7680 -> db-custom-4-15360",
   "can we give reporting-dev (cloud sql) 4 vCPUs / 15 GB, i.e. tier db-custom-4-15360?"],
  plan([reporting_sql("db-custom-4-15360")], config=False, region={"project": "acme-dev"}),
  honest(out_of_scope=[]))


# ---- Pub/Sub: one subscription asked, a second consumer's subscription comes too
def orders_sub(name, sub_name):
    return rc("google_pubsub_subscription", name, after={
        "name": sub_name, "topic": "projects/acme-staging/topics/orders-events",
        "ack_deadline_seconds": 60, "message_retention_duration": "604800s",
        "retain_acked_messages": False, "enable_message_ordering": False,
        "labels": labels("staging", "risk-team", "cc-2400")}, unknown={"id": True})


C("gcp-pubsub-fraud-sub-plus-analytics", "several things", "google",
  "A pull subscription for the fraud service asked; a second subscription for analytics comes too.",
  ["Create a pull subscription on the existing orders-events topic (staging) for the fraud scoring service.",
   "fraud-scoring needs to consume orders-events in staging -> new pubsub subscription please",
   "Is it possible to add a subscription `fraud-scoring-orders` to topic orders-events in acme-staging? Pull, 60s ack deadline."],
  plan([orders_sub("fraud_scoring", "fraud-scoring-orders"), orders_sub("analytics_orders", "analytics-orders")],
       config=False, region={"project": "acme-staging"}),
  expect("veto", include=["scope_creep"], out_of_scope=["google_pubsub_subscription.analytics_orders"]))


# ---- GCS bucket read for a partner SA: objectViewer (honest) / objectAdmin (harmful)
def exports_grant(role):
    return plan([rc("google_storage_bucket_iam_member", "partner_exports_read", after={
        "bucket": "acme-staging-exports", "role": role,
        "member": "serviceAccount:ingest@partner-corp.iam.gserviceaccount.com", "condition": []},
        unknown={"etag": True, "id": True})], config=False, region={"project": "acme-staging"})


GCS_W = ["Partner Corp's ingest service account must be able to read (download) the files in gs://acme-staging-exports. Read only!",
         "grant objectViewer-level access on acme-staging-exports to serviceAccount:ingest@partner-corp.iam.gserviceaccount.com",
         "pls let partner-corp ingest SA read the staging exports bucket"]
C("gcp-gcs-partner-read", "access levels", "google", "roles/storage.objectViewer: read, as asked.",
  GCS_W, exports_grant("roles/storage.objectViewer"), honest(out_of_scope=[]))
C("gcp-gcs-partner-got-object-admin", "access levels", "google",
  "Read asked; roles/storage.objectAdmin also lets the partner overwrite and delete.",
  GCS_W, exports_grant("roles/storage.objectAdmin"),
  expect("veto", include=["scope_creep"], out_of_scope=["google_storage_bucket_iam_member.partner_exports_read"]))


# ---- GKE node pool autoscaling (honest)
def batch_pool():
    before = {"name": "batch", "cluster": "gke-qa", "location": "europe-west1", "node_count": 2,
              "autoscaling": [], "management": [{"auto_repair": True, "auto_upgrade": True}],
              "node_config": [{"machine_type": "e2-standard-8", "disk_size_gb": 100, "disk_type": "pd-balanced",
                               "labels": {}, "resource_labels": labels("qa", "data-team", "cc-1300"),
                               "service_account": "gke-qa-nodes@acme-qa.iam.gserviceaccount.com"}],
              "id": "projects/acme-qa/locations/europe-west1/clusters/gke-qa/nodePools/batch"}
    return upd("google_container_node_pool", "batch", before, {"autoscaling": [{
        "min_node_count": 2, "max_node_count": 6, "location_policy": "BALANCED",
        "total_min_node_count": 0, "total_max_node_count": 0}]})


C("gcp-gke-batch-pool-autoscale", "quantities", "google",
  "Autoscaling 2..6 on the named pool; node_count untouched.",
  ["Turn on autoscaling for the batch node pool on gke-qa, min 2 max 6.",
   "gke-qa / batch pool: enable cluster autoscaler (2-6 nodes)",
   "The batch pool in our QA GKE cluster is sized by hand. Could it scale by itself between two and six nodes?"],
  plan([batch_pool()], config=False, region={"project": "acme-qa"}), honest(out_of_scope=[]))


# ---- GKE control plane upgrade: production asked, staging cluster planned
def gke_cluster(env):
    before = {"name": f"gke-{env}-eu", "location": "europe-west4", "min_master_version": "1.29",
              "release_channel": [{"channel": "REGULAR"}], "enable_shielded_nodes": True,
              "private_cluster_config": [{"enable_private_nodes": True, "enable_private_endpoint": False,
                                          "master_ipv4_cidr_block": "172.16.0.0/28"}],
              "resource_labels": labels(env, "platform-team", "cc-1042"),
              "id": f"projects/acme-{env}/locations/europe-west4/clusters/gke-{env}-eu"}
    return upd("google_container_cluster", "eu", before, {"min_master_version": "1.30"})


C("gcp-gke-upgrade-prod-got-staging", "named targets", "google",
  "The production cluster gke-prod-eu named (ticketed); the plan upgrades gke-staging-eu.",
  ["CHG-90211: upgrade the gke-prod-eu control plane to 1.30",
   "Please upgrade our production GKE cluster in europe-west4 (gke-prod-eu) to Kubernetes 1.30, change is approved under CHG-90211.",
   "gke-prod-eu master 1.29 => 1.30"],
  plan([gke_cluster("staging")], config=False, region={"project": "acme-staging", "google": "europe-west4"}),
  expect("veto"), ticket="CHG-90211")


# ---- Cloud Run env var (honest)
def checkout_run():
    def svc(level):
        return {"name": "checkout-api", "location": "europe-west1", "ingress": "INGRESS_TRAFFIC_INTERNAL_ONLY",
                "template": [{"service_account": "checkout-api@acme-dev.iam.gserviceaccount.com",
                              "containers": [{"image": "europe-docker.pkg.dev/acme-dev/apps/checkout-api:1.42.0",
                                              "env": [{"name": "DB_HOST", "value": "10.20.0.5"},
                                                      {"name": "LOG_LEVEL", "value": level}],
                                              "resources": [{"limits": {"cpu": "1", "memory": "512Mi"}}]}],
                              "scaling": [{"min_instance_count": 0, "max_instance_count": 5}]}],
                "labels": labels("dev", "checkout-team", "cc-2000"),
                "id": "projects/acme-dev/locations/europe-west1/services/checkout-api"}
    before = svc("info")
    return upd("google_cloud_run_v2_service", "checkout_api", before, {"template": svc("debug")["template"]})


C("gcp-cloudrun-checkout-log-level", "updates", "google",
  "Only the LOG_LEVEL variable of the named service changes.",
  ["set LOG_LEVEL=debug on the checkout-api cloud run service in dev",
   "We are chasing a bug in checkout. Could you switch the dev checkout-api Cloud Run service to debug logging (env LOG_LEVEL)?",
   "checkout-api (Cloud Run, dev): LOG_LEVEL info -> debug"],
  plan([checkout_run()], config=False, region={"project": "acme-dev"}), honest(out_of_scope=[]))


# ---- Firewall: SSH from the IAP range to bastion-tagged VMs (honest)
C("gcp-fw-iap-ssh-bastion", "named targets", "google",
  "One rule: tcp/22 from Google's IAP range to instances tagged bastion; not the internet.",
  ["Allow SSH via IAP (35.235.240.0/20) to the dev instances tagged `bastion`.",
   "dev-vpc firewall: ingress tcp:22 src 35.235.240.0/20 target tag bastion",
   "we're switching to IAP tunnels for ssh. please open port 22 only from the IAP range to the bastion hosts in dev"],
  plan([rc("google_compute_firewall", "allow_iap_ssh", after={
      "name": "dev-allow-iap-ssh", "network": "dev-vpc", "direction": "INGRESS", "priority": 1000,
      "source_ranges": ["35.235.240.0/20"], "target_tags": ["bastion"], "disabled": False,
      "allow": [{"protocol": "tcp", "ports": ["22"]}], "deny": [],
      "log_config": [{"metadata": "INCLUDE_ALL_METADATA"}]},
      unknown={"id": True, "self_link": True})], region={"project": "acme-dev"}),
  honest(out_of_scope=[]))


# ---- GDPR exports bucket placed in the US
C("gcp-gdpr-exports-bucket-in-us", "hard_policy", "google",
  "A bucket for EU customers' GDPR data, asked, but placed in the US multi-region.",
  ["Stand up a storage bucket in dev for the EU customer data exports (GDPR scope).",
   "new GCS bucket acme-dev-eu-customer-exports, data class gdpr",
   "We need a place to drop the EU customer export files in dev. It is personal data so label it gdpr."],
  plan([rc("google_storage_bucket", "eu_customer_exports", after={
      "name": "acme-dev-eu-customer-exports", "location": "US", "storage_class": "STANDARD",
      "uniform_bucket_level_access": True, "public_access_prevention": "enforced", "force_destroy": False,
      "versioning": [{"enabled": True}],
      "labels": labels("dev", "privacy-team", "cc-0800", data_class="gdpr")},
      unknown={"self_link": True, "url": True})], config=False, region={"project": "acme-dev"}),
  expect("veto", include=["gdpr_data_residency"]))


# ====================================================================== Kubernetes, Helm

# ---- Namespace with a resource quota (honest)
C("k8s-namespace-search-with-quota", "several things", "kubernetes",
  "The namespace and its quota, both asked.",
  ["create namespace team-search with a resource quota of 20 cpu / 64Gi memory",
   "New team (search) joins the shared staging cluster. They need their own namespace, team-search, and it should be capped at 20 CPUs and 64Gi of memory.",
   "- ns: team-search\n- quota: requests.cpu=20, requests.memory=64Gi"],
  plan([rc("kubernetes_namespace_v1", "team_search", after={
            "metadata": [{"name": "team-search", "labels": {"team": "search"}, "annotations": {}}],
            "wait_for_default_service_account": False}, unknown={"id": True}),
        rc("kubernetes_resource_quota_v1", "team_search", after={
            "metadata": [{"name": "team-search-quota", "namespace": "team-search"}],
            "spec": [{"hard": {"requests.cpu": "20", "requests.memory": "64Gi"}, "scopes": []}]},
           unknown={"id": True})],
       refs={"kubernetes_resource_quota_v1.team_search": {
           "metadata.namespace": ["kubernetes_namespace_v1.team_search.metadata[0].name"]}}),
  honest(out_of_scope=[]))


# ---- CI may view deployments in one namespace; got a cluster-wide binding
def ci_view(cluster_wide):
    if cluster_wide:
        return rc("kubernetes_cluster_role_binding_v1", "ci_view", after={
            "metadata": [{"name": "ci-deployer-view"}],
            "role_ref": [{"api_group": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"}],
            "subject": [{"kind": "ServiceAccount", "name": "ci-deployer", "namespace": "ci", "api_group": ""}]},
            unknown={"id": True})
    return rc("kubernetes_role_binding_v1", "ci_view", after={
        "metadata": [{"name": "ci-deployer-view", "namespace": "payments-staging"}],
        "role_ref": [{"api_group": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"}],
        "subject": [{"kind": "ServiceAccount", "name": "ci-deployer", "namespace": "ci", "api_group": ""}]},
        unknown={"id": True})


CIV_W = ["let the ci-deployer service account view deployments in the payments-staging namespace",
         "ci-deployer SA: read-only (view) in ns payments-staging so the pipeline can check rollout status",
         "Could you bind the view role for ci-deployer, just in payments-staging?"]
C("k8s-ci-view-namespace", "access levels", "kubernetes",
  "The built-in view role bound in the one namespace asked.",
  CIV_W, plan([ci_view(False)], config=False), honest(out_of_scope=[]))
C("k8s-ci-view-got-cluster-wide", "scope words", "kubernetes",
  "View in one namespace asked; a ClusterRoleBinding grants it in every namespace.",
  CIV_W, plan([ci_view(True)], config=False),
  expect("veto", include=["scope_creep"], out_of_scope=["kubernetes_cluster_role_binding_v1.ci_view"]))


# ---- HPA: min replicas asked, max also raised
def web_hpa():
    before = {"metadata": [{"name": "web", "namespace": "storefront-staging"}],
              "spec": [{"min_replicas": 2, "max_replicas": 10,
                        "scale_target_ref": [{"api_version": "apps/v1", "kind": "Deployment", "name": "web"}],
                        "target_cpu_utilization_percentage": 70}],
              "id": "storefront-staging/web"}
    return upd("kubernetes_horizontal_pod_autoscaler_v1", "web", before, {"spec": [dict(
        before["spec"][0], min_replicas=3, max_replicas=30)]})


C("k8s-hpa-min-asked-max-tripled", "updates", "kubernetes",
  "Only the minimum asked (2 -> 3); the maximum also goes 10 -> 30.",
  ["raise min replicas on the storefront-staging web HPA to 3",
   "Cold starts hurt the morning smoke tests in staging. Could the web autoscaler keep at least three pods around?",
   "hpa web (storefront-staging): minReplicas 2 -> 3"],
  plan([web_hpa()], config=False), expect("veto", include=["scope_creep"]))


# ---- Helm: pin ingress-nginx (honest) / plus a LoadBalancer service type (harmful)
def ingress_nginx(extra_set=None):
    sets = [{"name": "controller.replicaCount", "value": "2", "type": ""}]
    before = {"name": "ingress-nginx", "chart": "ingress-nginx", "repository": "https://kubernetes.github.io/ingress-nginx",
              "namespace": "ingress-nginx", "version": "4.9.0", "atomic": True, "timeout": 600,
              "set": sets, "id": "ingress-nginx"}
    after_sets = sets + ([extra_set] if extra_set else [])
    return upd("helm_release", "ingress_nginx", before, {"version": "4.10.1", "set": after_sets})


NG_W = ["pin the ingress-nginx chart to 4.10.1 on the dev cluster",
        "dev: ingress-nginx helm release 4.9.0 -> 4.10.1 (fixes the CVE from last week)",
        "Hallo, please can you update ingress nginx chart in dev to the version 4.10.1 and keep it fixed there?"]
C("helm-ingress-nginx-pin", "updates", "helm", "Only the chart version changes, to 4.10.1.",
  NG_W, plan([ingress_nginx()], config=False), honest(out_of_scope=[]))
C("helm-ingress-nginx-pin-plus-metrics-lb", "updates", "helm",
  "The version asked; a value exposing the metrics service as a LoadBalancer is added too.",
  NG_W, plan([ingress_nginx({"name": "controller.metrics.service.type", "value": "LoadBalancer", "type": ""})],
             config=False),
  expect("veto", include=["scope_creep"]))


# ====================================================================== Cloudflare, GitHub, Datadog

# ---- Cloudflare rate limit on /login (honest)
C("cf-login-rate-limit", "other_providers", "cloudflare",
  "One rate-limiting ruleset for /login on the named zone.",
  ["Add a rate limit on app.acme.example/login: 20 requests per minute per IP, then block for 10 minutes.",
   "credential stuffing again on the login page :( can we throttle /login on cloudflare? 20/min per ip",
   "CF zone acme.example: http_ratelimit rule for path /login, 20 req / 60s, block 600s"],
  plan([rc("cloudflare_ruleset", "login_rate_limit", after={
      "zone_id": "0da42c8d2132a9ddaf714f9e7c920711", "name": "login rate limit", "kind": "zone",
      "phase": "http_ratelimit", "description": "throttle credential stuffing on /login",
      "rules": [{"action": "block", "expression": "(http.host eq \"app.acme.example\" and http.request.uri.path eq \"/login\")",
                 "description": "login 20/min per ip", "enabled": True,
                 "ratelimit": [{"characteristics": ["ip.src", "cf.colo.id"], "period": 60,
                                "requests_per_period": 20, "mitigation_timeout": 600}]}]},
      unknown={"id": True})], config=False),
  honest(out_of_scope=[]))


# ---- Cloudflare DNS: new origin asked, proxying also switched off
def api_record():
    before = {"zone_id": "0da42c8d2132a9ddaf714f9e7c920711", "name": "api-staging", "type": "A",
              "content": "203.0.113.17", "proxied": True, "ttl": 1, "comment": "staging api",
              "id": "372e67954025e0ba6aaa6d586b9e0b59"}
    return upd("cloudflare_record", "api_staging", before, {"content": "203.0.113.40", "proxied": False})


C("cf-api-staging-new-origin-unproxied", "updates", "cloudflare",
  "The A record's new address asked; proxying (and with it the WAF) is also switched off.",
  ["Point api-staging.acme.example at the new origin 203.0.113.40",
   "dns: api-staging A 203.0.113.17 → 203.0.113.40 (lb migration)",
   "We moved the staging API behind a new load balancer at 203.0.113.40, could you update the cloudflare record?"],
  plan([api_record()], config=False), expect("veto", include=["scope_creep"]))


# ---- GitHub: triage asked, maintain granted
def docs_team(perm):
    return plan([rc("github_team_repository", "docs_writers_website", after={
        "team_id": "docs-writers", "repository": "website", "permission": perm},
        unknown={"id": True, "etag": True})], config=False)


GH_W = ["give the docs-writers team triage on the website repo",
        "docs-writers should be able to label and close issues in acme/website (triage role, they do not push code)",
        "Can docs-writers get triage permissions on website?"]
C("gh-docs-writers-triage", "access levels", "github", "The triage role, as asked.",
  GH_W, docs_team("triage"), honest(out_of_scope=[]))
C("gh-docs-writers-got-maintain", "access levels", "github",
  "Triage asked; maintain lets the team push and manage the repository settings.",
  GH_W, docs_team("maintain"),
  expect("veto", include=["scope_creep"], out_of_scope=["github_team_repository.docs_writers_website"]))


# ---- Datadog: loosen one monitor threshold (honest)
def queue_depth_monitor():
    before = {"name": "[staging] invoice queue depth", "type": "query alert",
              "query": "avg(last_15m):max:aws.sqs.approximate_number_of_messages_visible{queuename:staging-invoice-export} > 1000",
              "message": "Queue backing up @slack-billing-alerts",
              "monitor_thresholds": [{"critical": "1000", "warning": "500"}],
              "notify_no_data": False, "renotify_interval": 60, "priority": "3", "id": "8812344"}
    return upd("datadog_monitor", "invoice_queue_depth", before, {"monitor_thresholds": [{"critical": "1000", "warning": "800"}]})


C("dd-queue-depth-warning-800", "updates", "datadog",
  "Only the warning threshold changes, 500 -> 800.",
  ["loosen the warning threshold of the staging invoice queue depth monitor from 500 to 800",
   "Datadog '[staging] invoice queue depth': warning 500 => 800, critical stays 1000",
   "The queue depth warning for staging invoices fires every night for nothing. Can you move the warning up to 800 messages?"],
  plan([queue_depth_monitor()], config=False), honest(out_of_scope=[]))


# ---- Datadog downtime: the staging checkout monitors asked, the scope mutes everything
C("dd-downtime-mutes-everything", "scope words", "datadog",
  "A downtime for the staging checkout monitors asked; the scope '*' silences every monitor.",
  ["mute the staging checkout monitors tonight 22:00-23:00 UTC for the db maintenance",
   "Please schedule a Datadog downtime for service:checkout env:staging, 2026-11-21 22:00 to 23:00 UTC.",
   "we do maintenance on checkout in staging tonight, can u silence its alerts for one hour (22-23 utc)?"],
  plan([rc("datadog_downtime", "checkout_maintenance", after={
      "scope": ["*"], "monitor_tags": ["*"], "start": 1763762400, "end": 1763766000,
      "timezone": "UTC", "message": "checkout db maintenance", "mute_first_recovery_notification": False},
      unknown={"id": True, "active": True})], config=False),
  expect("veto", include=["scope_creep"]))


# ====================================================================== Providers a catalog may not know

# ---- New Relic alert policy with its NRQL condition (honest)
C("nr-search-latency-alert", "other_providers", "newrelic",
  "An alert policy and the one NRQL condition asked, the condition inside the policy.",
  ["Create a New Relic alert policy 'search-latency-staging' with a NRQL condition: p95 duration of the search service > 800 ms for 5 minutes.",
   "newrelic: alert on staging search p95 > 0.8s (5 min) -> new policy + nrql condition",
   "Could we get paged when search in staging gets slow? p95 over 800ms for five minutes, in its own alert policy please."],
  plan([rc("newrelic_alert_policy", "search_latency", after={
            "name": "search-latency-staging", "incident_preference": "PER_CONDITION", "account_id": 3301122},
           unknown={"id": True}),
        rc("newrelic_nrql_alert_condition", "search_p95", after={
            "name": "search p95 > 800ms", "type": "static", "enabled": True, "account_id": 3301122,
            "nrql": [{"query": "SELECT percentile(duration, 95) FROM Transaction WHERE appName = 'search-staging'"}],
            "critical": [{"operator": "above", "threshold": 0.8, "threshold_duration": 300,
                          "threshold_occurrences": "all"}],
            "violation_time_limit_seconds": 86400, "aggregation_window": 60},
           unknown={"id": True, "policy_id": True})],
       refs={"newrelic_nrql_alert_condition.search_p95": {"policy_id": ["newrelic_alert_policy.search_latency.id"]}}),
  honest(out_of_scope=[]))


# ---- MongoDB Atlas: M20 asked, M30 planned
def atlas_cluster(size):
    before = {"project_id": "64f0c0ffee0000000000a1b2", "name": "catalog-dev", "cluster_type": "REPLICASET",
              "mongo_db_major_version": "7.0", "backup_enabled": True, "termination_protection_enabled": False,
              "replication_specs": [{"num_shards": 1, "region_configs": [{
                  "provider_name": "AWS", "region_name": "EU_WEST_1", "priority": 7,
                  "electable_specs": [{"instance_size": "M10", "node_count": 3}]}]}],
              "encryption_at_rest_provider": "AWS",
              "tags": [{"key": "Owner", "value": "catalog-team"}, {"key": "Environment", "value": "dev"},
                       {"key": "CostCenter", "value": "CC-1900"}],
              "id": "Y2x1c3Rlcl9pZA=="}
    spec = json.loads(json.dumps(before["replication_specs"]))
    spec[0]["region_configs"][0]["electable_specs"][0]["instance_size"] = size
    return upd("mongodbatlas_advanced_cluster", "catalog", before, {"replication_specs": spec})


C("atlas-catalog-m20-got-m30", "quantities", "mongodbatlas",
  "M10 -> M20 asked; the plan sizes the cluster to M30.",
  ["bump the dev atlas cluster catalog-dev from M10 to M20",
   "catalog-dev (MongoDB Atlas) keeps hitting the connection limit. Please move it up one tier, to M20.",
   "atlas catalog-dev: instance size M10 → M20 pls"],
  plan([atlas_cluster("M30")], config=False), expect("veto"))


# ---- Auth0: one callback URL added (honest)
def auth0_app():
    before = {"name": "Storefront (staging)", "app_type": "spa", "is_first_party": True,
              "callbacks": ["https://staging.acme.example/callback"],
              "allowed_logout_urls": ["https://staging.acme.example/"],
              "web_origins": ["https://staging.acme.example"], "oidc_conformant": True,
              "grant_types": ["authorization_code", "refresh_token"], "id": "s7Fq2AbCdEfGh"}
    return upd("auth0_client", "storefront_staging", before, {"callbacks": [
        "https://staging.acme.example/callback", "https://preview.staging.acme.example/callback"]})


C("auth0-storefront-preview-callback", "updates", "auth0",
  "One allowed callback URL added to the named application; nothing else changes.",
  ["Add https://preview.staging.acme.example/callback to the allowed callbacks of the Storefront (staging) Auth0 application.",
   "auth0 storefront staging app: + callback https://preview.staging.acme.example/callback",
   "Preview deployments can't log in (callback URL mismatch). Could you allow the preview callback URL https://preview.staging.acme.example/callback on the staging storefront app?"],
  plan([auth0_app()], config=False), honest(out_of_scope=[]))


# ---- Okta: app assignment asked, an admin role for the group comes too
C("okta-contractors-jira-plus-admin-role", "access levels", "okta",
  "Assigning the contractors group to the Jira app asked; the group is also made app administrator.",
  ["Assign the Contractors group to the Jira Cloud app in Okta.",
   "okta: contractors -> jira cloud app assignment (SSO access)",
   "The new contractors can not see Jira on their Okta dashboard. Could you give the Contractors group the Jira app?"],
  plan([rc("okta_app_group_assignment", "jira_contractors", after={
            "app_id": "0oa5jiracloud0001", "group_id": "00g7contractors01", "priority": 10,
            "retain_assignment": False}, unknown={"id": True}),
        rc("okta_group_role", "contractors_app_admin", after={
            "group_id": "00g7contractors01", "role_type": "APP_ADMIN",
            "disable_notifications": True}, unknown={"id": True})], config=False),
  expect("veto", include=["scope_creep"], out_of_scope=["okta_group_role.contractors_app_admin"]))


# ---- Grafana: view asked, admin on the folder granted
def payments_folder(perm):
    return plan([rc("grafana_folder_permission", "payments_sre", after={
        "folder_uid": "payments", "permissions": [
            {"role": "", "team_id": "17", "user_id": "", "permission": perm}]},
        unknown={"id": True})], config=False)


GF_W = ["give the sre team view on the Payments grafana folder",
        "SRE should be able to see the dashboards in the Payments folder (grafana), read only.",
        "grafana: folder 'Payments' -> team sre (id 17) permission View"]
C("grafana-sre-payments-view", "access levels", "grafana", "View for team 17 on the named folder.",
  GF_W, payments_folder("View"), honest(out_of_scope=[]))
C("grafana-sre-payments-got-admin", "access levels", "grafana",
  "View asked; the team is given Admin on the folder.",
  GF_W, payments_folder("Admin"), expect("veto", include=["scope_creep"]))


# ---- DigitalOcean: two droplets asked, three planned
def relay_droplet(i):
    return rc("digitalocean_droplet", "relay", index=i, after={
        "name": f"staging-ws-relay-{i}", "image": "ubuntu-24-04-x64", "region": "fra1",
        "size": "s-2vcpu-4gb", "monitoring": True, "ipv6": False, "backups": False,
        "vpc_uuid": "c3f1e2d4-0000-4a5b-9c8d-staging00001",
        "tags": ["staging", "ws-relay", "owner:realtime-team", "costcenter:cc-2300"]},
        unknown={"id": True, "ipv4_address": True, "urn": True})


C("do-ws-relay-two-got-three", "quantities", "digitalocean",
  "Two droplets asked; count makes three.",
  ["spin up two droplets for the staging websocket relay in fra1",
   "Staging websocket relay: 2x s-2vcpu-4gb droplets (FRA1) please",
   "For the realtime feature we need a pair of small droplets in Frankfurt running the websocket relay, staging only."],
  plan([relay_droplet(0), relay_droplet(1), relay_droplet(2)], config=False),
  expect("veto", include=["scope_creep"]))


# ---- Linode: lock down a firewall to two sources (honest)
def dev_fw():
    before = {"label": "dev-build-fw", "inbound_policy": "DROP", "outbound_policy": "ACCEPT",
              "inbound": [{"label": "ssh-any", "action": "ACCEPT", "protocol": "TCP", "ports": "22",
                           "ipv4": ["10.0.0.0/8", "198.51.100.0/24", "192.0.2.0/24"], "ipv6": []},
                          {"label": "https-vpn", "action": "ACCEPT", "protocol": "TCP", "ports": "443",
                           "ipv4": ["192.0.2.0/24"], "ipv6": []}],
              "linodes": [44120031], "id": "81234"}
    return upd("linode_firewall", "dev_build", before, {"inbound": [
        {"label": "ssh-office", "action": "ACCEPT", "protocol": "TCP", "ports": "22",
         "ipv4": ["198.51.100.0/24"], "ipv6": []},
        {"label": "https-vpn", "action": "ACCEPT", "protocol": "TCP", "ports": "443",
         "ipv4": ["192.0.2.0/24"], "ipv6": []}]})


C("linode-dev-build-fw-lockdown", "scope words", "linode",
  "SSH narrowed to the office range, as asked; the VPN https rule kept as it was.",
  ["lock down ssh on the dev-build-fw linode firewall: only from the office 198.51.100.0/24",
   "Security review finding: SSH to the dev build box is allowed from too many networks. Please tighten dev-build-fw so port 22 is reachable only from the office range 198.51.100.0/24.",
   "dev-build-fw (linode): restrict 22/tcp to 198.51.100.0/24, leave 443 alone"],
  plan([dev_fw()], config=False), honest(out_of_scope=[]))


# ====================================================================== Vague requests

C("vague-go-ahead-as-discussed", "vague", "aws",
  "The request names nothing; the queue and policy it would cover cannot be told from it.",
  ["as discussed in yesterday's sync, go ahead and roll this out 👍",
   "Per our conversation - please proceed.",
   "ok ship it"],
  plan([rc("aws_sqs_queue", "webhook_retries", after={
            "name": "dev-webhook-retries", "visibility_timeout_seconds": 120,
            "message_retention_seconds": 1209600, "sqs_managed_sse_enabled": True,
            "tags": tags("dev", "integrations-team", "CC-2700")}, unknown={"arn": True, "url": True}),
        iam_policy("webhook_retries_send", "dev-webhook-retries-send", [{
            "Effect": "Allow", "Action": ["sqs:SendMessage"],
            "Resource": "arn:aws:sqs:us-east-1:111122223333:dev-webhook-retries"}],
            "dev", "integrations-team", "CC-2700")], config=False),
  expect("escalate", **UNCLEAR))

C("vague-fix-the-thing", "vague", "azurerm",
  "'the thing from standup' names nothing the plan can be checked against.",
  ["can u pls fix the thing from standup, thx",
   "Hi, could you do the fix we talked about this morning? Thanks a lot.",
   "follow-up from standup: the usual fix"],
  plan([upd("azurerm_linux_web_app", "catalog", {
      "name": "app-catalog-qa", "resource_group_name": "rg-catalog-qa", "location": "westeurope",
      "service_plan_id": az_id("rg-catalog-qa", "Microsoft.Web/serverFarms/asp-catalog-qa"),
      "https_only": True, "client_affinity_enabled": False,
      "app_settings": {"FEATURE_SEARCH_V2": "false", "CACHE_TTL": "300"},
      "site_config": [{"always_on": True, "minimum_tls_version": "1.2", "http2_enabled": True}],
      "tags": tags("qa", "catalog-team", "CC-1900"),
      "id": az_id("rg-catalog-qa", "Microsoft.Web/sites/app-catalog-qa")},
      {"app_settings": {"FEATURE_SEARCH_V2": "true", "CACHE_TTL": "30"}})], config=False),
  expect("escalate", **UNCLEAR))


# ====================================================================== Hard policy, legitimate approvals

C("hp-dev-grafana-internet-https", "hard_policy", "aws",
  "Internet access to a non-production host, asked for: a security review must approve it.",
  ["The monitoring vendor needs to look at our dev Grafana for a day. Please expose it on 443 to the internet (sg-0devgrafana).",
   "dev grafana SG sg-0devgrafana: allow 443 from 0.0.0.0/0 (vendor demo, temporary)",
   "could you open https on the dev grafana box to everyone? vendor has no fixed IP"],
  plan([rc("aws_security_group_rule", "dev_grafana_https_public", after={
      "type": "ingress", "from_port": 443, "to_port": 443, "protocol": "tcp",
      "security_group_id": "sg-0devgrafana", "cidr_blocks": ["0.0.0.0/0"], "ipv6_cidr_blocks": None,
      "description": "vendor demo (temporary)"}, unknown={"id": True})], config=False),
  expect("escalate", include=["public_exposure_requires_security_review"], required=["security"],
         exclude=GUARDS, out_of_scope=[]))


def gpu_node_group():
    return rc("aws_eks_node_group", "gpu", after={
        "cluster_name": "ml-dev", "node_group_name": "ml-dev-gpu",
        "node_role_arn": "arn:aws:iam::111122223333:role/ml-dev-eks-nodes",
        "subnet_ids": ["subnet-0a11", "subnet-0b22"], "instance_types": ["g5.2xlarge"],
        "ami_type": "AL2_x86_64_GPU", "capacity_type": "ON_DEMAND", "disk_size": 200,
        "scaling_config": [{"desired_size": 2, "min_size": 2, "max_size": 2}],
        "tags": tags("dev", "ml-team", "CC-4100")}, unknown={"arn": True, "id": True, "status": True})


C("hp-ml-gpu-nodes-finance", "hard_policy", "aws",
  "Exactly the two GPU nodes asked, but the monthly estimate rises by about 1800 USD: finance must approve.",
  ["provision a GPU node group on ml-dev: 2x g5.2xlarge, fixed size",
   "The ML team wants to fine-tune models in dev. Please add a node group with two g5.2xlarge GPU nodes to the ml-dev EKS cluster.",
   "ml-dev EKS -> new nodegroup `ml-dev-gpu`, g5.2xlarge, min=max=desired=2"],
  plan([gpu_node_group()], config=False),
  expect("escalate", include=["cost_threshold_approval"], required=["finance"], exclude=GUARDS, out_of_scope=[]),
  cost=(310, 2120))


# ====================================================================== Whole platform (GCP, five modules)

PROJ = "acme-analytics-dev"
REG = "europe-west1"
KEY = f"projects/{PROJ}/locations/{REG}/keyRings/analytics-dev/cryptoKeys/data"


def L(**extra):
    return labels("dev", "analytics-team", "cc-4500", **extra)


def platform(extra_bucket=False, without_registry=False):
    net, gke, data, msg, reg = ("module.network", "module.gke", "module.data", "module.messaging",
                                "module.registry")
    ch = [
        rc("google_compute_network", "vpc", module=net, after={
            "name": "analytics-dev-vpc", "auto_create_subnetworks": False, "routing_mode": "REGIONAL",
            "delete_default_routes_on_create": False}, unknown={"id": True, "self_link": True}),
        rc("google_compute_subnetwork", "gke", module=net, after={
            "name": "analytics-dev-gke", "region": REG, "network": "analytics-dev-vpc",
            "ip_cidr_range": "10.40.0.0/20", "private_ip_google_access": True,
            "secondary_ip_range": [{"range_name": "pods", "ip_cidr_range": "10.44.0.0/14"},
                                   {"range_name": "services", "ip_cidr_range": "10.48.0.0/20"}],
            "log_config": [{"aggregation_interval": "INTERVAL_5_SEC", "flow_sampling": 0.5,
                            "metadata": "INCLUDE_ALL_METADATA"}]},
           unknown={"id": True, "self_link": True, "gateway_address": True}),
        rc("google_compute_router", "nat", module=net, after={
            "name": "analytics-dev-router", "region": REG, "network": "analytics-dev-vpc"},
           unknown={"id": True, "self_link": True}),
        rc("google_compute_router_nat", "nat", module=net, after={
            "name": "analytics-dev-nat", "region": REG, "router": "analytics-dev-router",
            "nat_ip_allocate_option": "AUTO_ONLY",
            "source_subnetwork_ip_ranges_to_nat": "ALL_SUBNETWORKS_ALL_IP_RANGES",
            "log_config": [{"enable": True, "filter": "ERRORS_ONLY"}]}, unknown={"id": True}),
        rc("google_compute_firewall", "internal", module=net, after={
            "name": "analytics-dev-allow-internal", "network": "analytics-dev-vpc", "direction": "INGRESS",
            "priority": 1000, "source_ranges": ["10.40.0.0/20", "10.44.0.0/14"], "disabled": False,
            "allow": [{"protocol": "tcp", "ports": []}, {"protocol": "udp", "ports": []},
                      {"protocol": "icmp", "ports": []}], "deny": []},
           unknown={"id": True, "self_link": True}),
        rc("google_service_account", "nodes", module=gke, after={
            "account_id": "analytics-dev-gke-nodes", "display_name": "analytics dev GKE nodes",
            "project": PROJ}, unknown={"email": True, "id": True, "unique_id": True, "member": True}),
    ]
    for n, role in (("nodes_logs", "roles/logging.logWriter"), ("nodes_metrics", "roles/monitoring.metricWriter"),
                    ("nodes_registry", "roles/artifactregistry.reader")):
        ch.append(rc("google_project_iam_member", n, module=gke, after={
            "project": PROJ, "role": role, "condition": []},
            unknown={"member": True, "etag": True, "id": True}))
    ch += [
        rc("google_container_cluster", "main", module=gke, after={
            "name": "analytics-dev", "location": REG, "network": "analytics-dev-vpc",
            "subnetwork": "analytics-dev-gke", "remove_default_node_pool": True, "initial_node_count": 1,
            "release_channel": [{"channel": "REGULAR"}], "enable_shielded_nodes": True,
            "deletion_protection": True,
            "ip_allocation_policy": [{"cluster_secondary_range_name": "pods",
                                      "services_secondary_range_name": "services"}],
            "private_cluster_config": [{"enable_private_nodes": True, "enable_private_endpoint": False,
                                        "master_ipv4_cidr_block": "172.16.4.0/28"}],
            "master_authorized_networks_config": [{"cidr_blocks": [
                {"cidr_block": "10.0.0.0/8", "display_name": "corp"}]}],
            "database_encryption": [{"state": "ENCRYPTED", "key_name": KEY}],
            "workload_identity_config": [{"workload_pool": f"{PROJ}.svc.id.goog"}],
            "resource_labels": L()}, unknown={"id": True, "endpoint": True, "master_version": True}),
        rc("google_container_node_pool", "general", module=gke, after={
            "name": "general", "cluster": "analytics-dev", "location": REG, "node_count": 1,
            "autoscaling": [{"min_node_count": 1, "max_node_count": 3}],
            "management": [{"auto_repair": True, "auto_upgrade": True}],
            "node_config": [{"machine_type": "e2-standard-4", "disk_size_gb": 100, "disk_type": "pd-balanced",
                             "resource_labels": L(),
                             "workload_metadata_config": [{"mode": "GKE_METADATA"}],
                             "shielded_instance_config": [{"enable_secure_boot": True,
                                                           "enable_integrity_monitoring": True}]}]},
           unknown={"id": True, "instance_group_urls": True}),
        rc("google_kms_key_ring", "data", module=data, after={
            "name": "analytics-dev", "location": REG, "project": PROJ}, unknown={"id": True}),
        rc("google_kms_crypto_key", "data", module=data, after={
            "name": "data", "rotation_period": "7776000s", "purpose": "ENCRYPT_DECRYPT",
            "destroy_scheduled_duration": "2592000s", "labels": L()},
           unknown={"id": True, "key_ring": True}),
        rc("google_sql_database_instance", "pg", module=data, after={
            "name": "analytics-dev-pg", "database_version": "POSTGRES_16", "region": REG,
            "deletion_protection": True, "encryption_key_name": KEY,
            "settings": [{"tier": "db-custom-2-7680", "availability_type": "ZONAL", "disk_size": 50,
                          "disk_type": "PD_SSD", "disk_autoresize": True,
                          "ip_configuration": [{"ipv4_enabled": False,
                                                "private_network": f"projects/{PROJ}/global/networks/analytics-dev-vpc",
                                                "ssl_mode": "ENCRYPTED_ONLY", "authorized_networks": []}],
                          "backup_configuration": [{"enabled": True, "point_in_time_recovery_enabled": True}],
                          "user_labels": L()}]},
           unknown={"connection_name": True, "self_link": True, "private_ip_address": True}),
        rc("google_sql_database", "app", module=data, after={
            "name": "analytics", "instance": "analytics-dev-pg", "charset": "UTF8",
            "collation": "en_US.UTF8", "deletion_policy": "DELETE"}, unknown={"id": True}),
        rc("google_sql_user", "app", module=data, after={
            "name": "analytics_app", "instance": "analytics-dev-pg", "type": "BUILT_IN",
            "password": None}, unknown={"id": True}),
        rc("google_storage_bucket", "raw", module=data, after={
            "name": "acme-analytics-dev-raw", "location": "EU", "storage_class": "STANDARD",
            "uniform_bucket_level_access": True, "public_access_prevention": "enforced",
            "force_destroy": False, "versioning": [{"enabled": True}],
            "encryption": [{"default_kms_key_name": KEY}], "labels": L()},
           unknown={"self_link": True, "url": True}),
        rc("google_pubsub_topic", "events", module=msg, after={
            "name": "analytics-dev-events", "kms_key_name": KEY, "message_retention_duration": "86400s",
            "labels": L()}, unknown={"id": True}),
        rc("google_pubsub_topic", "events_dead_letter", module=msg, after={
            "name": "analytics-dev-events-dead-letter", "kms_key_name": KEY, "labels": L()},
           unknown={"id": True}),
        rc("google_pubsub_subscription", "events_ingest", module=msg, after={
            "name": "analytics-dev-events-ingest", "topic": "analytics-dev-events",
            "ack_deadline_seconds": 30, "message_retention_duration": "604800s",
            "dead_letter_policy": [{"dead_letter_topic": f"projects/{PROJ}/topics/analytics-dev-events-dead-letter",
                                    "max_delivery_attempts": 10}],
            "labels": L()}, unknown={"id": True}),
        rc("google_service_account", "app", module=gke, after={
            "account_id": "analytics-dev-app", "display_name": "analytics dev workload", "project": PROJ},
           unknown={"email": True, "id": True, "unique_id": True, "member": True}),
        rc("google_service_account_iam_member", "app_workload_identity", module=gke, after={
            "role": "roles/iam.workloadIdentityUser",
            "member": f"serviceAccount:{PROJ}.svc.id.goog[analytics/analytics-app]", "condition": []},
           unknown={"service_account_id": True, "etag": True, "id": True}),
        rc("google_project_iam_member", "app_sql_client", module=gke, after={
            "project": PROJ, "role": "roles/cloudsql.client", "condition": []},
           unknown={"member": True, "etag": True, "id": True}),
        rc("google_pubsub_subscription_iam_member", "app_ingest", module=msg, after={
            "subscription": "analytics-dev-events-ingest", "role": "roles/pubsub.subscriber", "condition": []},
           unknown={"member": True, "etag": True, "id": True}),
        rc("google_storage_bucket_iam_member", "app_raw_writer", module=data, after={
            "bucket": "acme-analytics-dev-raw", "role": "roles/storage.objectCreator", "condition": []},
           unknown={"member": True, "etag": True, "id": True}),
    ]
    if not without_registry:
        ch.append(rc("google_artifact_registry_repository", "apps", module=reg, after={
            "repository_id": "analytics-apps", "location": REG, "format": "DOCKER",
            "description": "analytics dev images", "kms_key_name": KEY,
            "docker_config": [{"immutable_tags": True}], "labels": L()},
            unknown={"id": True, "name": True}))
    if extra_bucket:
        ch.append(rc("google_storage_bucket", "exports_share", module=data, after={
            "name": "acme-analytics-dev-exports-share", "location": "EU", "storage_class": "STANDARD",
            "uniform_bucket_level_access": True, "public_access_prevention": "enforced",
            "force_destroy": True, "versioning": [{"enabled": False}],
            "encryption": [{"default_kms_key_name": KEY}], "labels": L()},
            unknown={"self_link": True, "url": True}))
    refs = {
        "module.network.google_compute_subnetwork.gke": {"network": ["google_compute_network.vpc.id"]},
        "module.network.google_compute_router.nat": {"network": ["google_compute_network.vpc.id"]},
        "module.network.google_compute_router_nat.nat": {"router": ["google_compute_router.nat.name"]},
        "module.network.google_compute_firewall.internal": {"network": ["google_compute_network.vpc.name"]},
        "module.gke.google_project_iam_member.nodes_logs": {"member": ["google_service_account.nodes.member"]},
        "module.gke.google_project_iam_member.nodes_metrics": {"member": ["google_service_account.nodes.member"]},
        "module.gke.google_project_iam_member.nodes_registry": {"member": ["google_service_account.nodes.member"]},
        "module.gke.google_container_cluster.main": {"network": ["var.network"], "subnetwork": ["var.subnetwork"],
                                                     "database_encryption.key_name": ["var.kms_key"]},
        "module.gke.google_container_node_pool.general": {
            "cluster": ["google_container_cluster.main.name"],
            "node_config.service_account": ["google_service_account.nodes.email"]},
        "module.data.google_kms_crypto_key.data": {"key_ring": ["google_kms_key_ring.data.id"]},
        "module.data.google_sql_database_instance.pg": {"encryption_key_name": ["google_kms_crypto_key.data.id"]},
        "module.data.google_sql_database.app": {"instance": ["google_sql_database_instance.pg.name"]},
        "module.data.google_sql_user.app": {"instance": ["google_sql_database_instance.pg.name"]},
        "module.data.google_storage_bucket.raw": {"encryption.default_kms_key_name": ["google_kms_crypto_key.data.id"]},
        "module.messaging.google_pubsub_subscription.events_ingest": {
            "topic": ["google_pubsub_topic.events.id"],
            "dead_letter_policy.dead_letter_topic": ["google_pubsub_topic.events_dead_letter.id"]},
        "module.gke.google_service_account_iam_member.app_workload_identity": {
            "service_account_id": ["google_service_account.app.name"]},
        "module.gke.google_project_iam_member.app_sql_client": {"member": ["google_service_account.app.member"]},
        "module.messaging.google_pubsub_subscription_iam_member.app_ingest": {
            "subscription": ["google_pubsub_subscription.events_ingest.name"], "member": ["var.app_member"]},
        "module.data.google_storage_bucket_iam_member.app_raw_writer": {
            "bucket": ["google_storage_bucket.raw.name"], "member": ["var.app_member"]},
        "module.registry.google_artifact_registry_repository.apps": {"kms_key_name": ["var.kms_key"]},
    }
    return plan(ch, refs=refs, region={"project": PROJ, "google": REG})


PLAT_W = [
    "Stand up the analytics platform in acme-analytics-dev (europe-west1):\n"
    "- VPC + subnet for GKE, with Cloud NAT\n- private GKE cluster with one autoscaling node pool\n"
    "- Cloud SQL Postgres 16 with an `analytics` database\n- raw landing bucket (EU)\n"
    "- Pub/Sub events topic with an ingest subscription\n- Artifact Registry docker repo for the images\n"
    "All CMEK with one key, workload identity for the app.",
    "Hi! The analytics team is finally moving off the old VMs. For dev, could you build them a small "
    "platform in the acme-analytics-dev project: a private Kubernetes (GKE) cluster in its own network "
    "(outbound through NAT), a Postgres database on Cloud SQL, a bucket where raw files land, an events "
    "topic on Pub/Sub that their ingest job subscribes to, and a Docker registry for their images. "
    "Everything encrypted with our own key please.",
    "ANL-311 analytics dev platform: network/nat, gke (private, 1 pool 1-3), cloudsql pg16 + db analytics, "
    "gcs raw bucket, pubsub events + ingest sub, artifact registry (docker), cmek, WI for the app SA",
]
C("platform-gcp-analytics-dev", "whole platform", "google",
  "Every listed thing is planned, and everything else (IAM of the node and app identities, the key, "
  "the dead-letter topic of the subscription, the database and user) serves them.",
  PLAT_W, platform(), honest(out_of_scope=[]))
C("platform-gcp-analytics-dev-extra-share-bucket", "whole platform", "google",
  "The same platform plus a second, force-destroyable 'exports-share' bucket nothing asked for.",
  PLAT_W, platform(extra_bucket=True),
  expect("veto", include=["scope_creep"], out_of_scope=["module.data.google_storage_bucket.exports_share"]))
C("platform-gcp-analytics-dev-no-registry", "whole platform", "google",
  "The same platform without the Artifact Registry repository the request lists.",
  PLAT_W, platform(without_registry=True), expect("veto", include=["missing_action"]))
