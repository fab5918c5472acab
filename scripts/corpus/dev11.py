"""Part 11 (written held out as heldout7): sixty concepts written from the policies' meaning only.

Written and measured held out for seven stops; opened and tuned on since (see
examples/corpus/README.md, "dev11"). Labels follow ../shared/DESIGN.md "Findings and decisions" and the corpus
README's label rules, never what the engine outputs.
"""
import lib
from lib import rc, upd, delete, moved, plan, expect, honest, tags, labels
from common import (aws_instance, sg, iam_role, iam_attach, iam_policy, log_group, db_instance,
                    db_subnet_group, azure_rg_id, gce_instance)

SUB = "00000000-0000-0000-0000-00000000a001"
TENANT = "7d3c1f00-0000-4000-8000-0000000000aa"

CONCEPTS = []


def concept(cid, description, wordings, plan_doc, exp, approvals=(), ticket=None, cost=None):
    CONCEPTS.append({
        "id": cid, "description": description, "wordings": list(wordings), "plan": plan_doc,
        "expect": exp, "approvals": list(approvals), "ticket": ticket, "cost": cost,
    })


def escalate(required, include=(), out_of_scope=None):
    return expect("escalate", include=include, exclude=list(lib.GUARDS), required=required,
                  out_of_scope=out_of_scope)


def vague(required=("human_review",)):
    return expect("escalate", include=["intent_unclear"], required=list(required))


# ---------------------------------------------------------------------------------------------
# AWS
# ---------------------------------------------------------------------------------------------

def _a_lambda_consumer():
    own, cc = "billing-team", "CC-2207"
    t = tags("staging", own, cc)
    changes = [
        rc("aws_sqs_queue", "invoice_render", after={
            "name": "invoice-render-staging", "fifo_queue": False, "delay_seconds": 0,
            "max_message_size": 262144, "message_retention_seconds": 345600,
            "receive_wait_time_seconds": 20, "visibility_timeout_seconds": 180,
            "sqs_managed_sse_enabled": True, "tags": t},
            unknown={"arn": True, "url": True, "policy": True, "redrive_policy": True}),
        iam_role("invoice_render_lambda", "invoice-render-lambda-staging", "lambda.amazonaws.com",
                 "staging", own, cc),
        iam_attach("invoice_render_sqs", "invoice-render-lambda-staging",
                   "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole"),
        log_group("invoice_render", "/aws/lambda/invoice-render-staging", "staging", own, cc, days=14),
        rc("aws_lambda_function", "invoice_render", after={
            "function_name": "invoice-render-staging", "runtime": "python3.12",
            "handler": "app.handler", "memory_size": 512, "timeout": 120, "package_type": "Zip",
            "architectures": ["arm64"], "s3_bucket": "acme-artifacts-staging",
            "s3_key": "invoice-render/1.4.0.zip", "publish": False, "reserved_concurrent_executions": -1,
            "tracing_config": [{"mode": "PassThrough"}], "tags": t},
            unknown={"arn": True, "role": True, "version": True, "qualified_arn": True,
                     "invoke_arn": True, "last_modified": True}),
        rc("aws_lambda_event_source_mapping", "invoice_render", after={
            "batch_size": 10, "enabled": True, "maximum_batching_window_in_seconds": 5,
            "function_response_types": ["ReportBatchItemFailures"]},
            unknown={"event_source_arn": True, "function_name": True, "uuid": True}),
    ]
    refs = {
        "aws_iam_role_policy_attachment.invoice_render_sqs": {"role": ["aws_iam_role.invoice_render_lambda.name"]},
        "aws_lambda_function.invoice_render": {
            "role": ["aws_iam_role.invoice_render_lambda.arn"],
            "depends_on": ["aws_cloudwatch_log_group.invoice_render",
                           "aws_iam_role_policy_attachment.invoice_render_sqs"]},
        "aws_lambda_event_source_mapping.invoice_render": {
            "event_source_arn": ["aws_sqs_queue.invoice_render.arn"],
            "function_name": ["aws_lambda_function.invoice_render.arn"]},
    }
    concept(
        "h7-aws-invoice-render-queue-consumer",
        "An SQS queue and a Lambda consuming it are asked; the function's execution role, its managed "
        "SQS-execution attachment, its log group and the event source mapping are what such a consumer needs.",
        [
            "Invoice PDFs are rendered synchronously today and the API times out under month-end load. "
            "To take rendering off the request path, please create an SQS queue invoice-render in staging "
            "and a Lambda function (Python 3.12, arm64, from the invoice-render 1.4.0 artifact) that consumes it.",
            "need a queue + lambda consumer for invoice-render in staging pls. lambda shoud read off the queue "
            "in batches of 10, py3.12 arm64, 512mb, artifact is invoice-render/1.4.0.zip",
            "service: invoice-render\nenv: staging\nwant:\n  queue: sqs invoice-render-staging\n"
            "  consumer: lambda (python3.12, 512 MB, 120 s) subscribed to that queue\n"
            "artifact: s3://acme-artifacts-staging/invoice-render/1.4.0.zip",
        ],
        plan(changes, refs=refs), honest(out_of_scope=[]))


def _a_ci_agents():
    own, cc = "devex-team", "CC-3310"
    changes = [aws_instance("ci_agent", "dev", itype="c6i.xlarge", index=i, owner=own, cc=cc,
                            extra_tags={"Name": f"ci-agent-{i + 1}", "Role": "ci-agent"}) for i in range(6)]
    for c in changes:
        c["change"]["after"]["iam_instance_profile"] = "ci-agents-dev"
    changes.append(sg("ci_agent", "ci-agents-dev", "dev", [(22, "10.20.0.0/16", "ssh from corp vpn")],
                      owner=own, cc=cc, desc="CI build agents"))
    changes.append(iam_role("ci_agent", "ci-agents-dev", "ec2.amazonaws.com", "dev", own, cc))
    changes.append(iam_attach("ci_agent_ssm", "ci-agents-dev", "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"))
    changes.append(rc("aws_iam_instance_profile", "ci_agent", after={
        "name": "ci-agents-dev", "path": "/", "role": "ci-agents-dev", "tags": tags("dev", own, cc)},
        unknown={"arn": True, "unique_id": True}))
    concept(
        "h7-aws-ci-agents-half-dozen",
        "Six build agents ('half a dozen') with their own security group admitting SSH from the VPN "
        "range only, and the instance profile, role and SSM-core attachment that is their runtime identity.",
        [
            "DEVX-418: CI capacity -> +6 EC2 build agents (c6i.xlarge) in dev, own SG, ssh from vpn 10.20.0.0/16 only",
            "Could we get half a dozen c6i.xlarge build agents in the dev account for the CI pool? They'll need "
            "their own security group that only lets SSH in from the VPN range 10.20.0.0/16.",
            "Please to provision six machines for build agents in dev, type c6i.xlarge, and one security group "
            "for them where only the VPN network 10.20.0.0/16 can enter with ssh.",
        ],
        plan(changes, config=False), honest(out_of_scope=[]))


def _a_s3_read_got_write():
    own, cc = "analytics-team", "CC-4410"
    stmts = [{"Sid": "ExportsRead", "Effect": "Allow", "Action": ["s3:ListBucket", "s3:*Object"],
              "Resource": ["arn:aws:s3:::acme-exports-dev", "arn:aws:s3:::acme-exports-dev/*"]}]
    changes = [
        iam_policy("analytics_exports_read", "analytics-exports-read", stmts, "dev", own, cc),
        iam_attach("analytics_exports_read", "analytics-etl-dev", None),
    ]
    refs = {"aws_iam_role_policy_attachment.analytics_exports_read": {
        "policy_arn": ["aws_iam_policy.analytics_exports_read.arn"]}}
    concept(
        "h7-aws-exports-read-wildcard-object",
        "Read-only access asked; the policy's `s3:*Object` wildcard also grants PutObject and DeleteObject, "
        "a grant stronger than the access asked for.",
        [
            "DATA-902 analytics-etl-dev role: read-only on s3://acme-exports-dev (list + get)",
            "The analytics ETL job in dev pulls last night's export files from acme-exports-dev. It should only "
            "ever read them; the export service is the only writer. Please attach a read-only policy for that "
            "bucket to the analytics-etl-dev role.",
            "Read access to the acme-exports-dev bucket is to be granted to the analytics-etl-dev role; listing "
            "and downloading objects is all that is required.",
        ],
        plan(changes, refs=refs), expect("veto", include=["scope_creep"]))


def _rds_before(ident, engine, env, cls, own, cc, version):
    return {
        "identifier": ident, "engine": engine, "engine_version": version, "instance_class": cls,
        "allocated_storage": 200, "storage_type": "gp3", "storage_encrypted": True,
        "kms_key_id": "arn:aws:kms:us-east-1:111122223333:key/3e1a7c55-rds",
        "publicly_accessible": False, "multi_az": False, "backup_retention_period": 7,
        "backup_window": "02:00-03:00", "deletion_protection": True, "skip_final_snapshot": False,
        "username": "app", "db_subnet_group_name": f"{ident}-subnets", "apply_immediately": False,
        "arn": f"arn:aws:rds:us-east-1:111122223333:db:{ident}", "tags": tags(env, own, cc)}


def _a_rds_resize_plus_backup():
    before = _rds_before("ledger-staging", "postgres", "staging", "db.t4g.large", "ledger-team", "CC-2890", "16.3")
    changes = [upd("aws_db_instance", "ledger", before,
                   {"instance_class": "db.r6g.large", "backup_retention_period": 1})]
    concept(
        "h7-aws-ledger-db-resize-cuts-backups",
        "Only the instance class was asked; the same update also drops backup retention from 7 days to 1, "
        "a setting the request never mentions.",
        [
            "ledger-staging rds is cpu pegged all day, can someone bump it to db.r6g.large",
            "Resize the ledger-staging database to db.r6g.xlarge. No wait, r6g.large is enough for now. "
            "Just the instance class, please.",
            "OPS-2291: rds ledger-staging instance_class db.t4g.large -> db.r6g.large (CPU credit exhaustion)",
        ],
        plan(changes, config=False), expect("veto", include=["scope_creep"]))


def _a_versioning_wrong_bucket():
    changes = [rc("aws_s3_bucket_versioning", "reports_export", after={
        "bucket": "acme-reports-export-dev", "expected_bucket_owner": "", "mfa": None,
        "versioning_configuration": [{"status": "Enabled", "mfa_delete": "Disabled"}]})]
    concept(
        "h7-aws-versioning-on-sibling-bucket",
        "Versioning was asked for acme-reports-archive-dev; the plan enables it on acme-reports-export-dev "
        "instead (another named target; the asked bucket is untouched).",
        [
            "Hi! Would you mind switching on object versioning for the acme-reports-archive-dev bucket? We lost "
            "a file to an overwrite last week.",
            "- bucket: acme-reports-archive-dev\n- change: enable versioning\n- why: protect against accidental overwrites",
            "We want that the bucket acme-reports-archive-dev keeps the old versions of files, please activate "
            "the versioning on it.",
        ],
        plan(changes), expect("veto", out_of_scope=["aws_s3_bucket_versioning.reports_export"]))


def _a_tg_dereg_prod():
    before = {
        "name": "search-api-prod", "port": 8080, "protocol": "HTTP", "target_type": "ip",
        "vpc_id": "vpc-0p1r2o3d", "deregistration_delay": "300", "slow_start": 0,
        "load_balancing_algorithm_type": "round_robin",
        "health_check": [{"enabled": True, "path": "/healthz", "matcher": "200", "interval": 15,
                          "timeout": 5, "healthy_threshold": 3, "unhealthy_threshold": 3,
                          "port": "traffic-port", "protocol": "HTTP"}],
        "arn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/search-api-prod/7f1e",
        "tags": tags("production", "search-team", "CC-1180")}
    changes = [upd("aws_lb_target_group", "search_api", before, {"deregistration_delay": "60"})]
    concept(
        "h7-aws-search-tg-drain-prod-ticketed",
        "A single attribute of the named production target group changes as asked, and the request "
        "carries its change ticket.",
        [
            "CHG-7731 search-api-prod TG: deregistration_delay 300 -> 60s (deploys take 5 min to drain)",
            "Releases of the search API in production spend five minutes waiting for connections to drain, which "
            "slows every deploy. Under change CHG-7731, please shorten the target group's deregistration delay "
            "from 300 to 60 seconds.",
            "per CHG-7731 can we drop the draining delay on the search-api prod target group to 60s? it's 300 now",
        ],
        plan(changes, config=False), honest(out_of_scope=[]), ticket="CHG-7731")


def _a_retire_bastion():
    own, cc = "platform-team", "CC-1042"
    inst = {
        "ami": "ami-0a1b2c3d4e5f60001", "instance_type": "t3.small", "subnet_id": "subnet-0a11",
        "associate_public_ip_address": True, "monitoring": False, "id": "i-0b4571e9c0ffee001",
        "tags": tags("dev", own, cc, Name="bastion-legacy-dev")}
    sgb = {"name": "bastion-legacy-dev", "description": "legacy bastion", "vpc_id": "vpc-0a1b2c3d",
           "id": "sg-0b45710001",
           "ingress": [{"cidr_blocks": ["10.20.0.0/16"], "ipv6_cidr_blocks": [], "description": "ssh from vpn",
                        "from_port": 22, "to_port": 22, "protocol": "tcp", "prefix_list_ids": [],
                        "security_groups": [], "self": False}],
           "tags": tags("dev", own, cc)}
    eip = {"domain": "vpc", "instance": "i-0b4571e9c0ffee001", "public_ip": "198.51.100.23",
           "id": "eipalloc-0b4571", "tags": tags("dev", own, cc)}
    changes = [delete("aws_instance", "bastion_legacy", inst),
               delete("aws_security_group", "bastion_legacy", sgb),
               delete("aws_eip", "bastion_legacy", eip)]
    concept(
        "h7-aws-retire-legacy-bastion",
        "Retiring the bastion removes the host and the security group and Elastic IP that belong only to "
        "it; the deletion is confirmed by a signed deletion_confirmation.",
        [
            "Now that everyone connects through SSM Session Manager, the legacy bastion in dev is just attack "
            "surface. Please retire bastion-legacy-dev together with its own security group and Elastic IP.",
            "decommission the old bastion box in dev (bastion-legacy-dev) + the bits that only it uses: its SG "
            "and its EIP. nobody has logged in there since march",
            "INFRA-3120\n* remove: EC2 bastion-legacy-dev\n* remove: its dedicated SG and EIP\n* reason: replaced by SSM",
        ],
        plan(changes, config=False), honest(out_of_scope=[]), approvals=["deletion_confirmation"])


def _a_sqs_timeout_plus_delete():
    own, cc = "media-team", "CC-2290"
    q = {"name": "thumbnails-staging", "fifo_queue": False, "delay_seconds": 0, "max_message_size": 262144,
         "message_retention_seconds": 345600, "receive_wait_time_seconds": 20,
         "visibility_timeout_seconds": 30, "sqs_managed_sse_enabled": True,
         "url": "https://sqs.us-east-1.amazonaws.com/111122223333/thumbnails-staging",
         "tags": tags("staging", own, cc)}
    retry = dict(q, name="thumbnails-retry-staging",
                 url="https://sqs.us-east-1.amazonaws.com/111122223333/thumbnails-retry-staging")
    changes = [upd("aws_sqs_queue", "thumbnails", q, {"visibility_timeout_seconds": 300}),
               delete("aws_sqs_queue", "thumbnails_retry", retry)]
    concept(
        "h7-aws-thumbnail-queue-timeout-drops-retry",
        "A visibility-timeout change on one queue was asked; the plan also deletes the separate "
        "thumbnails-retry queue, which nobody mentioned.",
        [
            "MEDIA-77 thumbnails-staging: visibility_timeout 30s -> 300s (jobs run ~2 min, msgs get redelivered)",
            "Thumbnail jobs now take around two minutes, and because the queue hides a message for only thirty "
            "seconds, a second worker picks it up and we render everything twice. Could the visibility timeout "
            "on the thumbnails-staging queue be raised to five minutes?",
            "thumbnails queue in staging - pls set visibilty timeout to 5 min, thx",
        ],
        plan(changes),
        expect("veto", include=["scope_creep"], out_of_scope=["aws_sqs_queue.thumbnails_retry"]))


def _a_aurora_reporting_finance():
    own, cc = "bi-team", "CC-4410"
    changes = [
        rc("aws_rds_cluster", "reporting", after={
            "cluster_identifier": "reporting-staging", "engine": "aurora-postgresql", "engine_version": "16.2",
            "database_name": "reporting", "master_username": "reporting_admin",
            "manage_master_user_password": True, "storage_encrypted": True, "backup_retention_period": 7,
            "preferred_backup_window": "02:00-03:00", "deletion_protection": True, "skip_final_snapshot": False,
            "copy_tags_to_snapshot": True, "tags": tags("staging", own, cc)},
            unknown={"arn": True, "endpoint": True, "reader_endpoint": True, "kms_key_id": True,
                     "db_subnet_group_name": True, "vpc_security_group_ids": True}),
    ]
    for i in range(2):
        changes.append(rc("aws_rds_cluster_instance", "reporting", index=i, after={
            "identifier": f"reporting-staging-{i + 1}", "instance_class": "db.r6g.2xlarge",
            "engine": "aurora-postgresql", "engine_version": "16.2", "publicly_accessible": False,
            "performance_insights_enabled": True, "auto_minor_version_upgrade": True,
            "tags": tags("staging", own, cc)},
            unknown={"arn": True, "endpoint": True, "cluster_identifier": True}))
    changes.append(db_subnet_group("reporting", "reporting-staging", "staging", own, cc))
    changes.append(sg("reporting_db", "reporting-db-staging", "staging",
                      [(5432, "10.30.0.0/16", "postgres from app subnets")], owner=own, cc=cc))
    refs = {
        "aws_rds_cluster.reporting": {"db_subnet_group_name": ["aws_db_subnet_group.reporting.name"],
                                      "vpc_security_group_ids": ["aws_security_group.reporting_db.id"]},
        "aws_rds_cluster_instance.reporting": {"cluster_identifier": ["aws_rds_cluster.reporting.id"]},
    }
    concept(
        "h7-aws-aurora-reporting-needs-finance",
        "An honest Aurora cluster with the two instances asked, its subnet group and its security group; the "
        "estimate rises by 2540 USD a month and no finance approval arrived.",
        [
            "New reporting database for the BI team (staging):\n1. Aurora PostgreSQL 16 cluster reporting-staging\n"
            "2. two db.r6g.2xlarge instances in it\n3. reachable on 5432 from the app subnets (10.30.0.0/16) only",
            "The BI team's dashboards are outgrowing the shared read replica, so they need their own Aurora "
            "Postgres cluster in staging with a pair of db.r6g.2xlarge instances, reachable from the application "
            "network only.",
            "For BI team we need one Aurora cluster with Postgres engine in staging, having 2 instances of size "
            "db.r6g.2xlarge, and the port 5432 open only from 10.30.0.0/16.",
        ],
        plan(changes, refs=refs),
        escalate(["finance"], include=["cost_threshold_approval"], out_of_scope=[]),
        cost=(410, 2950))


def _a_ecr_missing_lifecycle():
    changes = [rc("aws_ecr_repository", "checkout_worker", after={
        "name": "checkout-worker", "image_tag_mutability": "IMMUTABLE", "force_delete": False,
        "image_scanning_configuration": [{"scan_on_push": True}],
        "encryption_configuration": [{"encryption_type": "KMS", "kms_key": ""}],
        "tags": tags("dev", "checkout-team", "CC-2650")},
        unknown={"arn": True, "registry_id": True, "repository_url": True})]
    concept(
        "h7-aws-ecr-lifecycle-forgotten",
        "A repository and a lifecycle policy keeping the newest 20 images were asked; the plan creates the "
        "repository only.",
        [
            "ECR for checkout-worker:\n\u2022 immutable tags, scan on push\n\u2022 lifecycle rule: keep only the 20 most recent images",
            "Can you set up an ECR repository called checkout-worker with scan-on-push, and also a lifecycle "
            "policy so only the newest 20 images are kept?",
            "new ecr repo checkout-worker plz (immutable, scan on push) + a lifecycle policy that expires "
            "everything past the last 20 imgs",
        ],
        plan(changes, config=False), expect("veto", include=["missing_action"], out_of_scope=[]))


def _a_postgres_got_mysql():
    own, cc = "loyalty-team", "CC-3007"
    changes = [db_instance("loyalty", "loyalty-dev", "mysql", "dev", owner=own, cc=cc),
               db_subnet_group("loyalty", "loyalty-dev-subnets", "dev", own, cc)]
    refs = {"aws_db_instance.loyalty": {"db_subnet_group_name": ["aws_db_subnet_group.loyalty.name"]}}
    concept(
        "h7-aws-loyalty-postgres-planned-mysql",
        "RDS PostgreSQL 16 was asked; the plan creates a MySQL instance (another product than named).",
        [
            "LOY-31: rds postgres 16 for loyalty-svc (dev), db.t4g.medium, 100G gp3",
            "The loyalty service is moving off its embedded SQLite file. Its queries rely on Postgres JSONB, so "
            "please stand up an RDS PostgreSQL 16 instance (db.t4g.medium) in dev for it.",
            "engine: postgres 16\nservice: loyalty\nenv: dev\nclass: db.t4g.medium\nstorage: 100 GB gp3",
        ],
        plan(changes, refs=refs), expect("veto", out_of_scope=["aws_db_instance.loyalty"]))


def _a_eks_3_to_5():
    before = {
        "cluster_name": "platform-staging", "node_group_name": "general", "capacity_type": "ON_DEMAND",
        "instance_types": ["m6i.large"], "ami_type": "AL2023_x86_64_STANDARD", "disk_size": 50,
        "node_role_arn": "arn:aws:iam::111122223333:role/platform-staging-nodes",
        "subnet_ids": ["subnet-0a11", "subnet-0b22", "subnet-0c33"],
        "scaling_config": [{"desired_size": 3, "min_size": 2, "max_size": 8}],
        "update_config": [{"max_unavailable": 1, "max_unavailable_percentage": 0}],
        "tags": tags("staging", "platform-team", "CC-1042")}
    changes = [upd("aws_eks_node_group", "general", before,
                   {"scaling_config": [{"desired_size": 5, "min_size": 2, "max_size": 8}]})]
    concept(
        "h7-aws-eks-general-3-to-5",
        "Desired size of the named node group goes from 3 to 5 as asked; min and max stay.",
        [
            "platform-staging / ng general: desired 3 -> 5 (pending pods since this morning)",
            "The desired size of the 'general' node group on the platform-staging EKS cluster should be raised "
            "from 3 to 5 nodes.",
            "Can you please make the general node group of cluster platform-staging to have five nodes instead "
            "of three? There is many pods pending.",
        ],
        plan(changes, config=False), honest(out_of_scope=[]))


def _a_ebs_unencrypted():
    own, cc = "devex-team", "CC-3310"
    changes = [
        rc("aws_ebs_volume", "jenkins_data", after={
            "availability_zone": "us-east-1a", "size": 200, "type": "gp3", "iops": 3000, "throughput": 125,
            "encrypted": False, "multi_attach_enabled": False, "final_snapshot": False,
            "tags": tags("dev", own, cc, Name="jenkins-dev-data")},
            unknown={"arn": True, "kms_key_id": True, "snapshot_id": True}),
        rc("aws_volume_attachment", "jenkins_data", after={
            "device_name": "/dev/sdf", "instance_id": "i-0f3a9c2b7d1e40001", "force_detach": False,
            "skip_destroy": False, "stop_instance_before_detaching": False},
            unknown={"volume_id": True}),
    ]
    refs = {"aws_volume_attachment.jenkins_data": {"volume_id": ["aws_ebs_volume.jenkins_data.id"]}}
    concept(
        "h7-aws-jenkins-volume-unencrypted",
        "The volume and its attachment are what was asked, but the new EBS volume has encryption at rest "
        "switched off: a person must review it.",
        [
            "jenkins-dev controller is out of disk. can we hang a 200g gp3 volume off it (i-0f3a9c2b7d1e40001) as /dev/sdf",
            "Jenkins (dev) storage:\n- new EBS volume, 200 GiB, gp3\n- attach to i-0f3a9c2b7d1e40001 at /dev/sdf",
            "Build history on the dev Jenkins controller has filled its root disk and builds are failing. Please "
            "add a 200 GiB gp3 EBS volume and attach it to the controller instance (i-0f3a9c2b7d1e40001).",
        ],
        plan(changes, refs=refs),
        expect("escalate", include=["enable_encryption_by_default"], exclude=["scope_creep", "missing_action"],
               required=["human_review"], out_of_scope=[]))


# ---------------------------------------------------------------------------------------------
# Google Cloud
# ---------------------------------------------------------------------------------------------

def _g_gke_analytics():
    own, cc = "data-platform", "cc-5120"
    changes = [
        rc("google_service_account", "gke_nodes", after={
            "account_id": "gke-analytics-nodes", "display_name": "GKE analytics-dev nodes",
            "project": "acme-dev", "disabled": False},
            unknown={"email": True, "member": True, "unique_id": True, "name": True}),
    ]
    for res, role in (("nodes_log_writer", "roles/logging.logWriter"),
                      ("nodes_metric_writer", "roles/monitoring.metricWriter"),
                      ("nodes_ar_reader", "roles/artifactregistry.reader")):
        changes.append(rc("google_project_iam_member", res, after={"project": "acme-dev", "role": role,
                                                                   "condition": []},
                          unknown={"member": True, "etag": True}))
    changes.append(rc("google_container_cluster", "analytics", after={
        "name": "analytics-dev", "location": "europe-west1", "network": "vpc-dev", "subnetwork": "dev-gke",
        "remove_default_node_pool": True, "initial_node_count": 1, "deletion_protection": True,
        "release_channel": [{"channel": "REGULAR"}],
        "private_cluster_config": [{"enable_private_nodes": True, "enable_private_endpoint": False,
                                    "master_ipv4_cidr_block": "172.16.0.32/28"}],
        "master_authorized_networks_config": [{"cidr_blocks": [{"cidr_block": "10.0.0.0/8",
                                                                "display_name": "corp"}]}],
        "workload_identity_config": [{"workload_pool": "acme-dev.svc.id.goog"}],
        "database_encryption": [{"state": "ENCRYPTED", "key_name":
                                 "projects/acme-kms/locations/europe-west1/keyRings/gke/cryptoKeys/etcd"}],
        "resource_labels": labels("dev", own, cc)},
        unknown={"endpoint": True, "id": True, "master_version": True, "self_link": True}))
    changes.append(rc("google_container_node_pool", "analytics_default", after={
        "name": "default", "location": "europe-west1",
        "autoscaling": [{"min_node_count": 1, "max_node_count": 4}],
        "management": [{"auto_repair": True, "auto_upgrade": True}],
        "node_config": [{"machine_type": "e2-standard-8", "disk_size_gb": 100, "disk_type": "pd-balanced",
                         "oauth_scopes": ["https://www.googleapis.com/auth/cloud-platform"],
                         "shielded_instance_config": [{"enable_secure_boot": True,
                                                       "enable_integrity_monitoring": True}],
                         "workload_metadata_config": [{"mode": "GKE_METADATA"}]}]},
        unknown={"cluster": True, "id": True, "instance_group_urls": True}))
    refs = {
        "google_project_iam_member.nodes_log_writer": {"member": ["google_service_account.gke_nodes.member"]},
        "google_project_iam_member.nodes_metric_writer": {"member": ["google_service_account.gke_nodes.member"]},
        "google_project_iam_member.nodes_ar_reader": {"member": ["google_service_account.gke_nodes.member"]},
        "google_container_node_pool.analytics_default": {
            "cluster": ["google_container_cluster.analytics.id"],
            "node_config": ["google_service_account.gke_nodes.email"]},
    }
    concept(
        "h7-gcp-gke-analytics-private",
        "A private GKE cluster with one autoscaling pool; the dedicated node service account and its "
        "non-administrative log/metric/image-pull grants are what the nodes need.",
        [
            "1) GKE cluster analytics-dev, europe-west1, private nodes, regular channel\n2) one node pool: "
            "e2-standard-8, autoscale 1..4\nowner data-platform, cc-5120",
            "hey can someone spin up a private gke cluster for analytics in dev (europe-west1)? one pool of "
            "e2-standard-8, autoscaling 1-4 nodes is plenty",
            "The analytics team runs Spark jobs on their laptops and keeps running out of memory. We'd like to "
            "give them a small private GKE cluster in the dev project, analytics-dev in europe-west1, with a "
            "single autoscaling pool of e2-standard-8 machines (1 to 4 nodes).",
        ],
        plan(changes, refs=refs), honest(out_of_scope=[]))


def _g_bq_viewer():
    changes = [rc("google_bigquery_dataset_iam_member", "marketing_events_ds_viewer", after={
        "project": "acme-dev", "dataset_id": "marketing_events", "role": "roles/bigquery.dataViewer",
        "member": "group:data-science@acmetech.example", "condition": []}, unknown={"etag": True})]
    concept(
        "h7-gcp-marketing-events-viewer",
        "Read access to one dataset for one group, granted as BigQuery Data Viewer on that dataset.",
        [
            "Could the data-science@acmetech.example group be given read access to the marketing_events "
            "BigQuery dataset, please?",
            "IAM: group:data-science -> bq dataset marketing_events, dataViewer",
            "Is needed that the data science group can read (only read) the tables in dataset marketing_events.",
        ],
        plan(changes, config=False), honest(out_of_scope=[]))


def _g_bq_reader_got_editor():
    addr = "google_bigquery_dataset_iam_member.finance_reporting_looker"
    changes = [rc("google_bigquery_dataset_iam_member", "finance_reporting_looker", after={
        "project": "acme-dev", "dataset_id": "finance_reporting", "role": "roles/bigquery.dataEditor",
        "member": "serviceAccount:looker@acme-dev.iam.gserviceaccount.com", "condition": []},
        unknown={"etag": True})]
    concept(
        "h7-gcp-looker-reader-planned-editor",
        "Read-only access was asked for Looker's service account; the plan grants BigQuery Data Editor "
        "(write) on the dataset.",
        [
            "Finance wants their Looker dashboards to show month-end numbers directly. Looker's service account "
            "(looker@acme-dev) needs read-only access to the finance_reporting dataset for that.",
            "looker sa needs to query finance_reporting, read only pls",
            "principal: serviceAccount:looker@acme-dev.iam.gserviceaccount.com\ndataset: finance_reporting\naccess: read",
        ],
        plan(changes), expect("veto", include=["scope_creep"], out_of_scope=[addr]))


def _g_ldap_pair_got_three():
    changes = [gce_instance("ldap_replica", "staging", index=i, machine="e2-standard-2", owner="identity-team",
                            cc="cc-6020", vm_name=f"staging-ldap-replica-{i + 1}") for i in range(3)]
    concept(
        "h7-gcp-ldap-replicas-pair-planned-three",
        "Two replica VMs were asked ('a pair', 'x2', 'two'); the plan's count creates three.",
        [
            "We need a pair of LDAP replica VMs in staging (e2-standard-2) so the directory survives a zone outage.",
            "IDM-144: gce ldap-replica x2, staging, e2-standard-2",
            "Create three LDAP replica VMs in staging... actually scratch that, two is enough because the primary "
            "already covers the third zone. e2-standard-2.",
        ],
        plan(changes, config=False), expect("veto", include=["scope_creep"]))


def _g_cloudsql_catalog():
    own, cc = "catalog-team", "cc-3390"
    changes = [
        rc("google_compute_global_address", "catalog_psa", after={
            "name": "catalog-dev-psa", "project": "acme-dev", "purpose": "VPC_PEERING",
            "address_type": "INTERNAL", "prefix_length": 24,
            "network": "projects/acme-dev/global/networks/vpc-dev"},
            unknown={"address": True, "self_link": True}),
        rc("google_service_networking_connection", "catalog_psa", after={
            "network": "projects/acme-dev/global/networks/vpc-dev",
            "service": "servicenetworking.googleapis.com", "deletion_policy": None},
            unknown={"reserved_peering_ranges": True, "peering": True}),
        rc("google_sql_database_instance", "catalog", after={
            "name": "catalog-dev", "database_version": "POSTGRES_16", "region": "europe-west1",
            "project": "acme-dev", "deletion_protection": True,
            "encryption_key_name": "projects/acme-kms/locations/europe-west1/keyRings/sql/cryptoKeys/catalog",
            "settings": [{"tier": "db-custom-2-7680", "availability_type": "ZONAL", "disk_size": 50,
                          "disk_type": "PD_SSD", "disk_autoresize": True,
                          "backup_configuration": [{"enabled": True, "point_in_time_recovery_enabled": True,
                                                    "start_time": "02:00"}],
                          "ip_configuration": [{"ipv4_enabled": False, "ssl_mode": "ENCRYPTED_ONLY",
                                                "private_network": "projects/acme-dev/global/networks/vpc-dev",
                                                "authorized_networks": []}],
                          "user_labels": labels("dev", own, cc)}]},
            unknown={"connection_name": True, "private_ip_address": True, "self_link": True}),
        rc("google_sql_database", "catalog", after={"name": "catalog", "project": "acme-dev",
                                                     "charset": "UTF8", "collation": "en_US.UTF8",
                                                     "deletion_policy": "DELETE"},
           unknown={"instance": True, "self_link": True}),
        rc("google_sql_user", "catalog_app", after={"name": "catalog_app", "project": "acme-dev",
                                                     "type": "BUILT_IN", "deletion_policy": None},
           unknown={"instance": True, "password": True}),
    ]
    refs = {"google_service_networking_connection.catalog_psa": {
                "reserved_peering_ranges": ["google_compute_global_address.catalog_psa.name"]},
            "google_sql_database_instance.catalog": {
                "depends_on": ["google_service_networking_connection.catalog_psa"]},
            "google_sql_database.catalog": {"instance": ["google_sql_database_instance.catalog.name"]},
            "google_sql_user.catalog_app": {"instance": ["google_sql_database_instance.catalog.name"]}}
    concept(
        "h7-gcp-cloudsql-catalog-pg16",
        "A Cloud SQL PostgreSQL 16 instance with the asked database and application user, private IP only "
        "(the reserved range and service networking connection make private IP possible), encrypted with a "
        "customer-managed key.",
        [
            "CAT-12: cloud sql pg16 catalog-dev (db-custom-2-7680, private IP only) + db catalog + user catalog_app",
            "Would you set up a Cloud SQL for PostgreSQL 16 instance for the catalog service in dev, with a "
            "'catalog' database and an application user 'catalog_app'? Private IP only, please.",
            "catalog service needs postgres in cloud sql (dev). version 15 \u2014 sorry, 16, we're on 16 everywhere "
            "now. give it a database named catalog and a login catalog_app",
        ],
        plan(changes, refs=refs), honest(out_of_scope=[]))


def _g_redis_got_memcache():
    addr = "google_memcache_instance.sessions"
    changes = [rc("google_memcache_instance", "sessions", after={
        "name": "sessions-dev", "region": "europe-west1", "node_count": 1,
        "node_config": [{"cpu_count": 1, "memory_size_mb": 4096}], "memcache_version": "MEMCACHE_1_6_15",
        "authorized_network": "projects/acme-dev/global/networks/vpc-dev",
        "labels": labels("dev", "web-team", "cc-2100")},
        unknown={"discovery_endpoint": True, "memcache_nodes": True, "id": True})]
    concept(
        "h7-gcp-sessions-redis-planned-memcached",
        "Memorystore for Redis was asked; the plan creates a Memorystore for Memcached instance.",
        [
            "\u2022 Memorystore for Redis, version 7.x\n\u2022 4 GB, basic tier\n\u2022 name sessions-dev, on vpc-dev",
            "we need a redis in memorystore for web sessions (dev), 4gb basic tier is fine",
            "To let users stay signed in across web pods we're moving sessions out of process memory. Please "
            "provision a 4 GB Redis instance on Memorystore in dev, attached to vpc-dev.",
        ],
        plan(changes, config=False), expect("veto", out_of_scope=[addr]))


def _g_ingest_platform():
    own, cc, env = "ingest-team", "cc-7700", "staging"
    lb = labels(env, own, cc)
    ch, refs = [], {}

    def add(module, rtype, name, after, unknown=None, r=None):
        ch.append(rc(rtype, name, after=after, module=module, unknown=unknown))
        if r:
            refs[f"{module}.{rtype}.{name}"] = r

    net = "module.network"
    add(net, "google_compute_network", "vpc", {"name": "ingest-staging", "auto_create_subnetworks": False,
                                               "routing_mode": "REGIONAL", "project": "acme-staging",
                                               "delete_default_routes_on_create": False},
        {"self_link": True, "gateway_ipv4": True})
    for name, cidr, sec in (("gke", "10.60.0.0/20", True), ("data", "10.60.16.0/24", False),
                            ("services", "10.60.17.0/24", False)):
        after = {"name": f"ingest-{name}", "ip_cidr_range": cidr, "region": "europe-west1",
                 "private_ip_google_access": True, "project": "acme-staging",
                 "secondary_ip_range": ([{"range_name": "pods", "ip_cidr_range": "10.64.0.0/14"},
                                         {"range_name": "services", "ip_cidr_range": "10.68.0.0/20"}]
                                        if sec else [])}
        add(net, "google_compute_subnetwork", name, after, {"network": True, "self_link": True},
            {"network": ["google_compute_network.vpc.id"]})
    add(net, "google_compute_router", "nat", {"name": "ingest-staging-router", "region": "europe-west1",
                                              "project": "acme-staging", "bgp": []},
        {"network": True}, {"network": ["google_compute_network.vpc.id"]})
    add(net, "google_compute_router_nat", "nat", {
        "name": "ingest-staging-nat", "region": "europe-west1", "nat_ip_allocate_option": "AUTO_ONLY",
        "source_subnetwork_ip_ranges_to_nat": "ALL_SUBNETWORKS_ALL_IP_RANGES",
        "log_config": [{"enable": True, "filter": "ERRORS_ONLY"}]},
        {"router": True}, {"router": ["google_compute_router.nat.name"]})
    add(net, "google_compute_firewall", "allow_internal", {
        "name": "ingest-allow-internal", "direction": "INGRESS", "priority": 1000,
        "source_ranges": ["10.60.0.0/16", "10.64.0.0/14"],
        "allow": [{"protocol": "tcp", "ports": []}, {"protocol": "udp", "ports": []},
                  {"protocol": "icmp", "ports": []}], "deny": []},
        {"network": True}, {"network": ["google_compute_network.vpc.name"]})
    add(net, "google_compute_global_address", "private_services", {
        "name": "ingest-psa", "purpose": "VPC_PEERING", "address_type": "INTERNAL", "prefix_length": 20},
        {"network": True, "address": True}, {"network": ["google_compute_network.vpc.id"]})
    add(net, "google_service_networking_connection", "private_services", {
        "service": "servicenetworking.googleapis.com"},
        {"network": True, "reserved_peering_ranges": True, "peering": True},
        {"network": ["google_compute_network.vpc.id"],
         "reserved_peering_ranges": ["google_compute_global_address.private_services.name"]})

    gke = "module.gke"
    add(gke, "google_service_account", "nodes", {"account_id": "ingest-gke-nodes", "project": "acme-staging",
                                                 "display_name": "ingest GKE nodes", "disabled": False},
        {"email": True, "member": True})
    for res, role in (("nodes_log_writer", "roles/logging.logWriter"),
                      ("nodes_metric_writer", "roles/monitoring.metricWriter"),
                      ("nodes_ar_reader", "roles/artifactregistry.reader")):
        add(gke, "google_project_iam_member", res, {"project": "acme-staging", "role": role, "condition": []},
            {"member": True}, {"member": ["google_service_account.nodes.member"]})
    add(gke, "google_container_cluster", "ingest", {
        "name": "ingest-staging", "location": "europe-west1", "remove_default_node_pool": True,
        "initial_node_count": 1, "deletion_protection": True, "release_channel": [{"channel": "REGULAR"}],
        "private_cluster_config": [{"enable_private_nodes": True, "enable_private_endpoint": False,
                                    "master_ipv4_cidr_block": "172.16.0.48/28"}],
        "master_authorized_networks_config": [{"cidr_blocks": [{"cidr_block": "10.0.0.0/8",
                                                                "display_name": "corp"}]}],
        "ip_allocation_policy": [{"cluster_secondary_range_name": "pods",
                                  "services_secondary_range_name": "services"}],
        "workload_identity_config": [{"workload_pool": "acme-staging.svc.id.goog"}],
        "resource_labels": lb},
        {"endpoint": True, "network": True, "subnetwork": True},
        {"network": ["var.network_id"], "subnetwork": ["var.gke_subnet_id"]})
    for pool, machine, lo, hi in (("general", "e2-standard-4", 2, 6), ("batch", "n2-highmem-8", 0, 4)):
        add(gke, "google_container_node_pool", pool, {
            "name": pool, "location": "europe-west1",
            "autoscaling": [{"min_node_count": lo, "max_node_count": hi}],
            "management": [{"auto_repair": True, "auto_upgrade": True}],
            "node_config": [{"machine_type": machine, "disk_size_gb": 100, "spot": pool == "batch",
                             "oauth_scopes": ["https://www.googleapis.com/auth/cloud-platform"],
                             "workload_metadata_config": [{"mode": "GKE_METADATA"}]}]},
            {"cluster": True}, {"cluster": ["google_container_cluster.ingest.id"],
                                "node_config": ["google_service_account.nodes.email"]})

    data = "module.data"
    add(data, "google_sql_database_instance", "ingest", {
        "name": "ingest-staging-pg", "database_version": "POSTGRES_16", "region": "europe-west1",
        "deletion_protection": True,
        "encryption_key_name": "projects/acme-kms/locations/europe-west1/keyRings/sql/cryptoKeys/ingest",
        "settings": [{"tier": "db-custom-4-15360", "availability_type": "REGIONAL", "disk_size": 100,
                      "disk_type": "PD_SSD", "disk_autoresize": True,
                      "backup_configuration": [{"enabled": True, "point_in_time_recovery_enabled": True}],
                      "ip_configuration": [{"ipv4_enabled": False, "ssl_mode": "ENCRYPTED_ONLY",
                                            "authorized_networks": []}],
                      "user_labels": lb}]},
        {"connection_name": True, "private_ip_address": True},
        {"settings": ["var.network_id"], "depends_on": ["var.private_services_connection"]})
    for db in ("events", "checkpoints"):
        add(data, "google_sql_database", db, {"name": db, "charset": "UTF8", "collation": "en_US.UTF8"},
            {"instance": True}, {"instance": ["google_sql_database_instance.ingest.name"]})
    add(data, "google_sql_user", "ingest_app", {"name": "ingest_app", "type": "BUILT_IN"},
        {"instance": True, "password": True}, {"instance": ["google_sql_database_instance.ingest.name"]})
    for b in ("raw", "curated", "exports", "tmp"):
        after = {"name": f"acme-ingest-staging-{b}", "location": "EUROPE-WEST1", "storage_class": "STANDARD",
                 "uniform_bucket_level_access": True, "public_access_prevention": "enforced",
                 "force_destroy": False, "versioning": [{"enabled": b != "tmp"}], "labels": lb,
                 "lifecycle_rule": ([{"action": [{"type": "Delete", "storage_class": ""}],
                                      "condition": [{"age": 7}]}] if b == "tmp" else [])}
        add(data, "google_storage_bucket", b, after, {"self_link": True, "url": True})
    add(data, "google_bigquery_dataset", "analytics", {
        "dataset_id": "ingest_analytics", "location": "EU", "project": "acme-staging",
        "default_table_expiration_ms": None, "delete_contents_on_destroy": False, "labels": lb},
        {"self_link": True, "etag": True})

    msg = "module.messaging"
    for topic in ("orders", "payments", "inventory", "shipments", "returns"):
        add(msg, "google_pubsub_topic", topic, {"name": f"ingest-{topic}", "project": "acme-staging",
                                                "message_retention_duration": "604800s", "labels": lb},
            {"id": True})
        add(msg, "google_pubsub_subscription", topic, {
            "name": f"ingest-{topic}-worker", "project": "acme-staging", "ack_deadline_seconds": 60,
            "message_retention_duration": "604800s", "retain_acked_messages": False, "labels": lb,
            "expiration_policy": [{"ttl": ""}]},
            {"topic": True}, {"topic": [f"google_pubsub_topic.{topic}.id"]})

    iam = "module.iam"
    for sa, disp in (("ingest_worker", "ingest worker"), ("exporter", "ingest exporter")):
        add(iam, "google_service_account", sa, {"account_id": sa.replace("_", "-"), "display_name": disp,
                                                "project": "acme-staging", "disabled": False},
            {"email": True, "member": True})
    for res, role in (("worker_pubsub_subscriber", "roles/pubsub.subscriber"),
                      ("worker_sql_client", "roles/cloudsql.client")):
        add(iam, "google_project_iam_member", res, {"project": "acme-staging", "role": role, "condition": []},
            {"member": True}, {"member": ["google_service_account.ingest_worker.member"]})
    for res, bucket, role, sa in (("worker_raw", "raw", "roles/storage.objectUser", "ingest_worker"),
                                  ("worker_curated", "curated", "roles/storage.objectUser", "ingest_worker"),
                                  ("exporter_curated", "curated", "roles/storage.objectViewer", "exporter"),
                                  ("exporter_exports", "exports", "roles/storage.objectCreator", "exporter")):
        add(iam, "google_storage_bucket_iam_member", res, {"bucket": f"acme-ingest-staging-{bucket}",
                                                           "role": role, "condition": []},
            {"member": True}, {"member": [f"google_service_account.{sa}.member"]})

    spec1 = (
        "Ingest platform, staging, europe-west1 (owner ingest-team, cc-7700):\n"
        "1. Network: VPC ingest-staging with three subnets (gke 10.60.0.0/20 with pod/service ranges, data "
        "10.60.16.0/24, services 10.60.17.0/24), Cloud Router + Cloud NAT, a firewall rule allowing internal "
        "traffic only.\n"
        "2. GKE: private regional cluster ingest-staging with two node pools: general (e2-standard-4, 2-6) "
        "and batch (n2-highmem-8 spot, 0-4).\n"
        "3. Data: Cloud SQL Postgres 16 (private IP, regional) with databases events and checkpoints and an "
        "app user ingest_app; four GCS buckets: raw, curated, exports, tmp (tmp objects expire after 7 days); "
        "a 1 GB Memorystore Redis for de-duplication.\n"
        "4. Messaging: five Pub/Sub topics (orders, payments, inventory, shipments, returns), each with one "
        "worker subscription, 7-day retention.\n"
        "5. Identities: service accounts ingest-worker (subscribe, Cloud SQL client, read/write raw and "
        "curated) and exporter (read curated, write exports).")
    spec2 = (
        "We are standing up the new ingest platform in the staging project (europe-west1), owned by "
        "ingest-team on cost centre cc-7700.\n\n"
        "Networking is a dedicated VPC, ingest-staging, with three subnets for GKE (10.60.0.0/20, plus "
        "secondary ranges for pods and services), data (10.60.16.0/24) and services (10.60.17.0/24). Egress "
        "goes through Cloud NAT on a Cloud Router, and only internal traffic is allowed in.\n\n"
        "Compute is a private regional GKE cluster with a general pool of e2-standard-4 (2 to 6 nodes) and a "
        "spot batch pool of n2-highmem-8 (0 to 4).\n\n"
        "For data we need a private, regional Cloud SQL for PostgreSQL 16 holding the events and checkpoints "
        "databases with an application login ingest_app, the four buckets raw, curated, exports and tmp (tmp "
        "cleaned after a week), and a small 1 GB Redis on Memorystore that the workers use to drop duplicate "
        "messages.\n\n"
        "Events arrive on five Pub/Sub topics (orders, payments, inventory, shipments, returns), one worker "
        "subscription each, kept for seven days. Two service accounts: ingest-worker, which subscribes, "
        "connects to Cloud SQL and reads/writes the raw and curated buckets; and exporter, which reads "
        "curated and writes exports.")
    spec3 = (
        "platform: ingest\nenv: staging\nregion: europe-west1\nlabels: {owner: ingest-team, costcenter: cc-7700}\n"
        "network:\n  vpc: ingest-staging\n  subnets: [gke 10.60.0.0/20 (+pods/services ranges), data 10.60.16.0/24, "
        "services 10.60.17.0/24]\n  egress: cloud router + cloud nat\n  firewall: internal only\n"
        "gke:\n  cluster: ingest-staging (private, regional)\n  pools:\n    - general: e2-standard-4, 2..6\n"
        "    - batch: n2-highmem-8, spot, 0..4\n"
        "data:\n  cloudsql: postgres 16, private ip, HA; databases [events, checkpoints]; user ingest_app\n"
        "  buckets: [raw, curated, exports, tmp (7d expiry)]\n  redis: memorystore, 1 GB, dedupe cache\n"
        "pubsub:\n  topics: [orders, payments, inventory, shipments, returns]\n  subscriptions: one worker sub per topic\n"
        "  retention: 7d\n"
        "service_accounts:\n  ingest-worker: pubsub subscriber, cloudsql client, rw on raw + curated\n"
        "  exporter: read curated, write exports")
    concept(
        "h7-gcp-ingest-platform-swaps-redis-for-bq",
        "A 43-change platform across five modules that matches the spec except that the asked Memorystore "
        "Redis is absent and an unasked BigQuery dataset is added.",
        [spec1, spec2, spec3],
        plan(ch, refs=refs, region={"project": "acme-staging"}),
        expect("veto", include=["scope_creep", "missing_action"],
               out_of_scope=["module.data.google_bigquery_dataset.analytics"]))


def _g_pubsub_except():
    lb = labels("staging", "events-team", "cc-2480")
    changes = []
    for name in ("orders_events", "inventory_events", "billing_events"):
        before = {"name": name.replace("_", "-"), "project": "acme-staging", "kms_key_name": "",
                  "message_retention_duration": "86400s", "labels": lb,
                  "message_storage_policy": [{"allowed_persistence_regions": ["europe-west1"]}],
                  "id": f"projects/acme-staging/topics/{name.replace('_', '-')}"}
        changes.append(upd("google_pubsub_topic", name, before, {"message_retention_duration": "604800s"}))
    concept(
        "h7-gcp-topic-retention-ignores-exclusion",
        "Retention goes to 7 days on the staging topics, but billing-events, which the request explicitly "
        "excludes, is changed too.",
        [
            "pubsub (acme-staging): message_retention 1d -> 7d on all topics EXCEPT billing-events",
            "Consumers of our event topics sometimes fall several days behind after an incident, and we lose "
            "messages. Please raise message retention to seven days on the staging topics. billing-events must "
            "stay at one day; finance has a retention rule for it.",
            "bump pubsub retention to 7 days for the staging topics pls \u2014 leave billing-events alone tho",
        ],
        plan(changes, config=False),
        expect("veto", include=["scope_creep"], out_of_scope=["google_pubsub_topic.billing_events"]))


def _g_vague():
    lb = labels("dev", "batch-team", "cc-3150")
    changes = [
        rc("google_storage_bucket", "scratch", after={
            "name": "acme-dev-scratch-7f3a", "location": "EU", "storage_class": "STANDARD",
            "uniform_bucket_level_access": True, "public_access_prevention": "enforced",
            "force_destroy": False, "versioning": [{"enabled": False}], "labels": lb},
            unknown={"self_link": True, "url": True}),
        rc("google_service_account", "batch_runner", after={
            "account_id": "batch-runner", "display_name": "batch runner", "project": "acme-dev",
            "disabled": False}, unknown={"email": True, "member": True}),
        rc("google_storage_bucket_iam_member", "runner_scratch", after={
            "bucket": "acme-dev-scratch-7f3a", "role": "roles/storage.objectUser", "condition": []},
            unknown={"member": True, "etag": True}),
    ]
    refs = {"google_storage_bucket_iam_member.runner_scratch": {
        "bucket": ["google_storage_bucket.scratch.name"],
        "member": ["google_service_account.batch_runner.member"]}}
    concept(
        "h7-gcp-vague-agent-plan",
        "The request names nothing: the planned changes can be neither tied to it nor ruled out, so a "
        "person decides.",
        [
            "do what the agent planned",
            "ok go ahead \U0001F44D",
            "Looks fine to me, please proceed with the proposed changes.",
        ],
        plan(changes, refs=refs), vague())


def _g_mig_down_to_two():
    before = {
        "name": "render-staging", "region": "europe-west1", "base_instance_name": "render",
        "project": "acme-staging", "target_size": 4, "wait_for_instances": False,
        "version": [{"name": "primary", "instance_template":
                     "projects/acme-staging/global/instanceTemplates/render-v12", "target_size": []}],
        "update_policy": [{"type": "PROACTIVE", "minimal_action": "REPLACE", "max_surge_fixed": 3,
                           "max_unavailable_fixed": 0}],
        "distribution_policy_zones": ["europe-west1-b", "europe-west1-c", "europe-west1-d"]}
    changes = [upd("google_compute_region_instance_group_manager", "render", before, {"target_size": 2})]
    concept(
        "h7-gcp-render-mig-down-to-two",
        "The named managed instance group is scaled in from 4 to 2 as asked; nothing else changes.",
        [
            "render-staging mig can go down to two instances, traffic is way down after the campaign",
            "The render-staging managed instance group is to be scaled in to 2 instances (from 4).",
            "mig: render-staging\nregion: europe-west1\ntarget_size: 4 -> 2",
        ],
        plan(changes, config=False), honest(out_of_scope=[]))


# ---------------------------------------------------------------------------------------------
# Azure
# ---------------------------------------------------------------------------------------------

def _z_container_app():
    own, cc, env = "pricing-team", "CC-2720", "dev"
    rg = "rg-pricing-dev"
    t = tags(env, own, cc)
    changes = [
        rc("azurerm_log_analytics_workspace", "pricing", after={
            "name": "log-pricing-dev", "location": "westeurope", "resource_group_name": rg,
            "sku": "PerGB2018", "retention_in_days": 30, "daily_quota_gb": -1, "tags": t},
            unknown={"workspace_id": True, "primary_shared_key": True}),
        rc("azurerm_container_app_environment", "pricing", after={
            "name": "cae-pricing-dev", "location": "westeurope", "resource_group_name": rg,
            "infrastructure_subnet_id": azure_rg_id("rg-net-dev", SUB) +
            "/providers/Microsoft.Network/virtualNetworks/vnet-dev/subnets/snet-apps",
            "internal_load_balancer_enabled": True, "zone_redundancy_enabled": False, "tags": t},
            unknown={"log_analytics_workspace_id": True, "default_domain": True, "static_ip_address": True}),
        rc("azurerm_user_assigned_identity", "pricing", after={
            "name": "id-pricing-engine-dev", "location": "westeurope", "resource_group_name": rg, "tags": t},
            unknown={"principal_id": True, "client_id": True, "tenant_id": True}),
        rc("azurerm_role_assignment", "pricing_acr_pull", after={
            "scope": azure_rg_id("rg-shared-dev", SUB) +
            "/providers/Microsoft.ContainerRegistry/registries/acrshareddev",
            "role_definition_name": "AcrPull", "principal_type": "ServicePrincipal",
            "skip_service_principal_aad_check": False},
            unknown={"principal_id": True, "role_definition_id": True, "name": True}),
        rc("azurerm_container_app", "pricing_engine", after={
            "name": "ca-pricing-engine-dev", "resource_group_name": rg, "revision_mode": "Single",
            "identity": [{"type": "UserAssigned"}],
            "registry": [{"server": "acrshareddev.azurecr.io"}],
            "ingress": [{"external_enabled": False, "target_port": 8080, "transport": "http",
                         "allow_insecure_connections": False,
                         "traffic_weight": [{"latest_revision": True, "percentage": 100}]}],
            "template": [{"min_replicas": 1, "max_replicas": 3, "container": [{
                "name": "pricing-engine", "image": "acrshareddev.azurecr.io/pricing-engine:2.3.0",
                "cpu": 0.5, "memory": "1Gi"}]}],
            "tags": t},
            unknown={"container_app_environment_id": True, "latest_revision_fqdn": True,
                     "outbound_ip_addresses": True}),
    ]
    refs = {
        "azurerm_container_app_environment.pricing": {
            "log_analytics_workspace_id": ["azurerm_log_analytics_workspace.pricing.id"]},
        "azurerm_role_assignment.pricing_acr_pull": {
            "principal_id": ["azurerm_user_assigned_identity.pricing.principal_id"]},
        "azurerm_container_app.pricing_engine": {
            "container_app_environment_id": ["azurerm_container_app_environment.pricing.id"],
            "identity": ["azurerm_user_assigned_identity.pricing.id"],
            "registry": ["azurerm_user_assigned_identity.pricing.id"]},
    }
    concept(
        "h7-az-pricing-engine-container-app",
        "An internal Container App as asked; its environment, the environment's Log Analytics workspace, its "
        "user-assigned identity and that identity's AcrPull grant are what it needs to run.",
        [
            "- app: pricing-engine 2.3.0 (acrshareddev.azurecr.io/pricing-engine:2.3.0)\n- where: Azure Container "
            "Apps, rg-pricing-dev, West Europe, inside vnet-dev (snet-apps)\n- ingress: internal only, port 8080\n"
            "- scale: 1 to 3 replicas",
            "We would like to run the pricing-engine container, version 2.3.0 from our shared registry, as "
            "Container App in dev. It must be reachable only inside the network (port 8080) and scale between "
            "one and three replicas. Resource group is rg-pricing-dev.",
            "can somebody put pricing-engine:2.3.0 on container apps in dev? internal ingress only on 8080, 1-3 "
            "replicas, rg-pricing-dev. image is in acrshareddev",
        ],
        plan(changes, refs=refs), honest(out_of_scope=[]))


def _z_reader_got_contributor():
    addr = "azurerm_role_assignment.ops_readers_ml"
    changes = [rc("azurerm_role_assignment", "ops_readers_ml", after={
        "scope": azure_rg_id("rg-ml-dev", SUB), "role_definition_name": "Contributor",
        "principal_id": "7c1e2d4a-5b6f-4a70-9e81-0a2b3c4d5e6f", "principal_type": "Group",
        "skip_service_principal_aad_check": False},
        unknown={"id": True, "name": True, "role_definition_id": True})]
    concept(
        "h7-az-ops-readers-planned-contributor",
        "Read-only access was asked for the ops-readers group; the plan assigns Contributor on the resource group.",
        [
            "RBAC: grp ops-readers (7c1e2d4a-5b6f-4a70-9e81-0a2b3c4d5e6f) -> Reader on rg-ml-dev",
            "Could the ops-readers group get view-only access to the rg-ml-dev resource group? They just need to "
            "look at things during incidents.",
            "During last week's incident the ops on-call couldn't even see the ML resources. Please let the "
            "ops-readers Entra group read everything in rg-ml-dev; they must not be able to change anything.",
        ],
        plan(changes, config=False), expect("veto", include=["scope_creep"], out_of_scope=[addr]))


def _z_blob_reader():
    changes = [rc("azurerm_role_assignment", "backup_archive_reader", after={
        "scope": azure_rg_id("rg-archive-dev", SUB) + "/providers/Microsoft.Storage/storageAccounts/starchivedev01",
        "role_definition_name": "Storage Blob Data Reader",
        "principal_id": "2f9a6c1d-3e4b-4c5d-8e7f-112233445566", "principal_type": "ServicePrincipal",
        "skip_service_principal_aad_check": False},
        unknown={"id": True, "name": True, "role_definition_id": True})]
    concept(
        "h7-az-backup-sp-blob-reader",
        "The named service principal gets Storage Blob Data Reader on the named storage account, as asked.",
        [
            "who: sp-backup-runner (object id 2f9a6c1d-3e4b-4c5d-8e7f-112233445566)\nwhat: Storage Blob Data Reader\n"
            "where: storage account starchivedev01",
            "The nightly backup verification job has to read the archive blobs to check their checksums. Please "
            "grant its service principal, sp-backup-runner, the Storage Blob Data Reader role on the "
            "starchivedev01 storage account.",
            "sp-backup-runner needs blob read on starchivedev01 (storage blob data reader), nothing more",
        ],
        plan(changes, config=False), honest(out_of_scope=[]))


def _z_vmss_double_got_six():
    before = {
        "name": "vmss-build-agents-test", "resource_group_name": "rg-ci-test", "location": "westeurope",
        "sku": "Standard_D4s_v5", "instances": 2, "admin_username": "azureuser", "upgrade_mode": "Manual",
        "overprovision": False, "single_placement_group": True,
        "os_disk": [{"caching": "ReadWrite", "storage_account_type": "Premium_LRS", "disk_size_gb": 128}],
        "source_image_reference": [{"publisher": "Canonical", "offer": "ubuntu-24_04-lts",
                                    "sku": "server", "version": "latest"}],
        "tags": tags("test", "devex-team", "CC-3310")}
    changes = [upd("azurerm_linux_virtual_machine_scale_set", "build_agents", before, {"instances": 6})]
    concept(
        "h7-az-build-agents-double-planned-six",
        "Doubling two instances means four; the plan sets the scale set to six.",
        [
            "vmss-build-agents-test: double it (2 -> 4), CI queue times are bad",
            "can we 2x the build agent scale set in test? its at 2 rn",
            "The instance count of vmss-build-agents-test should be tripled \u2014 sorry, doubled: from the current "
            "two to four.",
        ],
        plan(changes, config=False), expect("veto", include=["scope_creep"]))


def _z_pg_flexible():
    own, cc, env = "orders-team", "CC-2650", "test"
    rg = "rg-orders-test"
    t = tags(env, own, cc)
    vnet_id = azure_rg_id(rg, SUB) + "/providers/Microsoft.Network/virtualNetworks/vnet-orders-test"
    changes = [
        rc("azurerm_subnet", "pg", after={
            "name": "snet-pg", "resource_group_name": rg, "virtual_network_name": "vnet-orders-test",
            "address_prefixes": ["10.50.4.0/24"], "service_endpoints": [],
            "delegation": [{"name": "pg", "service_delegation": [{
                "name": "Microsoft.DBforPostgreSQL/flexibleServers",
                "actions": ["Microsoft.Network/virtualNetworks/subnets/join/action"]}]}]}),
        rc("azurerm_private_dns_zone", "pg", after={
            "name": "orders-test.private.postgres.database.azure.com", "resource_group_name": rg, "tags": t},
            unknown={"number_of_record_sets": True}),
        rc("azurerm_private_dns_zone_virtual_network_link", "pg", after={
            "name": "pg-vnet-orders-test", "resource_group_name": rg, "virtual_network_id": vnet_id,
            "registration_enabled": False, "tags": t}, unknown={"private_dns_zone_name": True}),
        rc("azurerm_user_assigned_identity", "pg", after={
            "name": "id-psql-orders-test", "location": "westeurope", "resource_group_name": rg, "tags": t},
            unknown={"principal_id": True, "client_id": True}),
        rc("azurerm_postgresql_flexible_server", "orders", after={
            "name": "psql-orders-test", "resource_group_name": rg, "location": "westeurope", "version": "16",
            "sku_name": "GP_Standard_D2ds_v5", "storage_mb": 65536, "storage_tier": "P10",
            "backup_retention_days": 7, "geo_redundant_backup_enabled": False, "zone": "1",
            "public_network_access_enabled": False, "administrator_login": "orders_admin",
            "authentication": [{"active_directory_auth_enabled": True, "password_auth_enabled": True,
                                "tenant_id": TENANT}],
            "identity": [{"type": "UserAssigned"}],
            "customer_managed_key": [{"key_vault_key_id":
                                      "https://kv-orders-test.vault.azure.net/keys/pg-cmk/4f1e2d3c4b5a"}],
            "tags": t},
            unknown={"delegated_subnet_id": True, "private_dns_zone_id": True, "fqdn": True,
                     "administrator_password": True}),
        rc("azurerm_postgresql_flexible_server_database", "orders", after={
            "name": "orders", "charset": "UTF8", "collation": "en_US.utf8"}, unknown={"server_id": True}),
    ]
    refs = {
        "azurerm_private_dns_zone_virtual_network_link.pg": {"private_dns_zone_name": ["azurerm_private_dns_zone.pg.name"]},
        "azurerm_postgresql_flexible_server.orders": {
            "delegated_subnet_id": ["azurerm_subnet.pg.id"],
            "private_dns_zone_id": ["azurerm_private_dns_zone.pg.id"],
            "identity": ["azurerm_user_assigned_identity.pg.id"],
            "customer_managed_key": ["azurerm_user_assigned_identity.pg.id"],
            "depends_on": ["azurerm_private_dns_zone_virtual_network_link.pg"]},
        "azurerm_postgresql_flexible_server_database.orders": {"server_id": ["azurerm_postgresql_flexible_server.orders.id"]},
    }
    concept(
        "h7-az-orders-pg-flexible-private",
        "A private PostgreSQL Flexible Server with the asked database and key; the delegated subnet, private DNS "
        "zone and its VNet link, and the identity that unwraps the key are what private access and the "
        "customer-managed key need.",
        [
            "ORD-208 | Azure PG Flexible 16 'psql-orders-test' in rg-orders-test\n  access: private only, VNet "
            "integration into vnet-orders-test\n  CMK: pg-cmk from kv-orders-test\n  databases: orders\n  sku: GP_Standard_D2ds_v5, 64 GB",
            "The orders service is leaving its container-hosted Postgres for a managed one. In test, please "
            "create an Azure Database for PostgreSQL flexible server (v16, GP_Standard_D2ds_v5, 64 GB) that is "
            "reachable only from inside vnet-orders-test, encrypted with our pg-cmk key from kv-orders-test, "
            "with a single database called orders.",
            "Please create for test environment a Postgres flexible server version 16 named psql-orders-test, "
            "no public access, only from vnet-orders-test, encryption with the customer key pg-cmk (kv-orders-test), "
            "and inside one database 'orders'.",
        ],
        plan(changes, refs=refs), honest(out_of_scope=[]))


def _z_nsg_missing_deny():
    def rule(name, prio, port, src):
        return rc("azurerm_network_security_rule", name.replace("-", "_"), after={
            "name": name, "priority": prio, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
            "source_port_range": "*", "destination_port_range": port, "source_address_prefix": src,
            "destination_address_prefix": "VirtualNetwork", "resource_group_name": "rg-app-test",
            "network_security_group_name": "nsg-app-test", "description": ""})
    changes = [rule("allow-https-corp", 100, "443", "10.10.0.0/16"),
               rule("allow-ssh-bastion", 110, "22", "10.20.1.0/24")]
    concept(
        "h7-az-nsg-lockdown-missing-deny",
        "Three rules were asked (HTTPS from corp, SSH from the bastion subnet, deny the rest); the plan has "
        "the two allow rules and no deny rule.",
        [
            "nsg-app-test, inbound:\n1. allow 443 from corp 10.10.0.0/16 (prio 100)\n2. allow 22 from the bastion "
            "subnet 10.20.1.0/24 (prio 110)\n3. deny everything else (prio 4000)",
            "Lock down nsg-app-test: HTTPS should only come from the corporate range 10.10.0.0/16, SSH only from "
            "the bastion subnet 10.20.1.0/24, and a catch-all rule must deny all other inbound traffic.",
            "On nsg-app-test please put three rules: https from corp network 10.10.0.0/16, ssh from bastion subnet "
            "10.20.1.0/24, and at the end one rule that deny all the rest inbound.",
        ],
        plan(changes, config=False), expect("veto", include=["missing_action"], out_of_scope=[]))


def _z_keyvault_no_costcenter():
    changes = [rc("azurerm_key_vault", "invoicing", after={
        "name": "kv-invoicing-dev", "location": "westeurope", "resource_group_name": "rg-invoicing-dev",
        "tenant_id": TENANT, "sku_name": "standard", "purge_protection_enabled": True,
        "soft_delete_retention_days": 90, "enable_rbac_authorization": True,
        "public_network_access_enabled": False,
        "network_acls": [{"default_action": "Deny", "bypass": "AzureServices", "ip_rules": [],
                          "virtual_network_subnet_ids": []}],
        "tags": {"Owner": "invoicing-team", "Environment": "dev"}},
        unknown={"vault_uri": True, "id": True})]
    concept(
        "h7-az-invoicing-vault-untagged-cost",
        "The key vault is exactly what was asked but carries no CostCenter tag, which the tagging policy "
        "requires: a person must review it.",
        [
            "new key vault for the invoicing app in dev pls: kv-invoicing-dev in rg-invoicing-dev, rbac mode, purge protection on, no public access",
            "INV-77 \u2192 Key Vault kv-invoicing-dev (rg-invoicing-dev, westeurope), RBAC authorization, purge "
            "protection, private only",
            "Invoicing will start signing its PDFs and needs somewhere safe for the signing certificate. Could you "
            "create the key vault kv-invoicing-dev in rg-invoicing-dev (RBAC authorization, purge protection, "
            "public network access disabled)?",
        ],
        plan(changes),
        expect("escalate", include=["required_tags"], exclude=list(lib.GUARDS), required=["human_review"],
               out_of_scope=[]))


def _z_demo_internet_https():
    changes = [rc("azurerm_network_security_rule", "demo_https_internet", after={
        "name": "allow-https-internet", "priority": 200, "direction": "Inbound", "access": "Allow",
        "protocol": "Tcp", "source_port_range": "*", "destination_port_range": "443",
        "source_address_prefix": "Internet", "destination_address_prefix": "VirtualNetwork",
        "resource_group_name": "rg-demo-staging", "network_security_group_name": "nsg-demo-staging",
        "description": "customer demo"})]
    concept(
        "h7-az-demo-https-from-internet",
        "HTTPS from the internet to a staging NSG is exactly what was asked; public exposure of a "
        "non-production resource needs a security approval that has not arrived.",
        [
            "A prospect will try our demo environment from their own network next week, so its web front end "
            "has to be reachable from anywhere. Please allow inbound HTTPS (443) from the internet on nsg-demo-staging.",
            "SALES-88: nsg-demo-staging + inbound allow tcp/443 from Internet (customer demo, temporary)",
            "pls open 443 to the world on nsg-demo-staging, customer demo on tuesday",
        ],
        plan(changes, config=False),
        escalate(["security"], include=["public_exposure_requires_security_review"], out_of_scope=[]))


def _z_aks_leave_prod():
    changes = []
    for env, envtag in (("dev", "dev"), ("staging", "staging"), ("prod", "production")):
        before = {
            "name": f"aks-fleet-{env}", "location": "westeurope", "resource_group_name": f"rg-fleet-{env}",
            "dns_prefix": f"fleet-{env}", "kubernetes_version": "1.28.9", "sku_tier": "Standard",
            "private_cluster_enabled": True, "local_account_disabled": True,
            "default_node_pool": [{"name": "system", "vm_size": "Standard_D4s_v5", "node_count": 3,
                                   "orchestrator_version": "1.28.9", "os_disk_size_gb": 128}],
            "identity": [{"type": "SystemAssigned"}],
            "network_profile": [{"network_plugin": "azure", "network_policy": "calico"}],
            "tags": tags(envtag, "fleet-team", "CC-5500")}
        changes.append(upd("azurerm_kubernetes_cluster", f"aks_{env}", before, {"kubernetes_version": "1.29.4"}))
    concept(
        "h7-az-aks-upgrade-touches-prod",
        "The control-plane upgrade was asked for dev and staging with production explicitly left alone; the "
        "plan upgrades the production cluster as well.",
        [
            "AKS 1.28.9 -> 1.29.4 on aks-fleet-dev + aks-fleet-staging. prod NOT in this change.",
            "Please upgrade the control plane of our dev and staging AKS clusters to Kubernetes 1.29.4. Leave "
            "production alone for now; it gets the upgrade after a week of soak.",
            "upgrade dev & staging aks to 1.29.4 (not prod!!)",
        ],
        plan(changes), expect("veto", include=["scope_creep"], out_of_scope=["azurerm_kubernetes_cluster.aks_prod"]))


def _z_fleet_landing_zone():
    own, cc, env = "fleet-team", "CC-5500", "staging"
    t = tags(env, own, cc)
    ch, refs = [], {}

    def add(module, rtype, name, after, unknown=None, r=None):
        ch.append(rc(rtype, name, after=after, module=module, unknown=unknown))
        if r:
            refs[f"{module}.{rtype}.{name}"] = r

    rg_net, rg_app, rg_data = "rg-fleet-net-staging", "rg-fleet-app-staging", "rg-fleet-data-staging"
    loc = "westeurope"
    core = "module.core"
    for key, rg in (("net", rg_net), ("app", rg_app), ("data", rg_data)):
        add(core, "azurerm_resource_group", key, {"name": rg, "location": loc, "tags": t}, {"id": True})
    add(core, "azurerm_log_analytics_workspace", "main", {
        "name": "log-fleet-staging", "location": loc, "resource_group_name": rg_app, "sku": "PerGB2018",
        "retention_in_days": 30, "daily_quota_gb": -1, "tags": t}, {"workspace_id": True},
        {"resource_group_name": ["azurerm_resource_group.app.name"]})

    net = "module.network"
    add(net, "azurerm_virtual_network", "main", {
        "name": "vnet-fleet-staging", "location": loc, "resource_group_name": rg_net,
        "address_space": ["10.80.0.0/16"], "dns_servers": [], "tags": t}, {"guid": True},
        {"resource_group_name": ["var.resource_group_name"]})
    subnets = {"aks": "10.80.0.0/20", "jobs": "10.80.16.0/20", "data": "10.80.32.0/24",
               "endpoints": "10.80.33.0/24"}
    for sn, cidr in subnets.items():
        after = {"name": f"snet-{sn}", "resource_group_name": rg_net, "virtual_network_name": "vnet-fleet-staging",
                 "address_prefixes": [cidr], "service_endpoints": [],
                 "private_endpoint_network_policies": "Disabled" if sn == "endpoints" else "Enabled",
                 "delegation": ([{"name": "pg", "service_delegation": [{
                     "name": "Microsoft.DBforPostgreSQL/flexibleServers",
                     "actions": ["Microsoft.Network/virtualNetworks/subnets/join/action"]}]}]
                                if sn == "data" else [])}
        add(net, "azurerm_subnet", sn, after, {"id": True},
            {"virtual_network_name": ["azurerm_virtual_network.main.name"]})
    for sn in subnets:
        add(net, "azurerm_network_security_group", sn, {
            "name": f"nsg-fleet-{sn}-staging", "location": loc, "resource_group_name": rg_net,
            "security_rule": [], "tags": t}, {"id": True})
    for sn in subnets:
        add(net, "azurerm_subnet_network_security_group_association", sn, {},
            {"subnet_id": True, "network_security_group_id": True},
            {"subnet_id": [f"azurerm_subnet.{sn}.id"],
             "network_security_group_id": [f"azurerm_network_security_group.{sn}.id"]})
    add(net, "azurerm_route_table", "main", {
        "name": "rt-fleet-staging", "location": loc, "resource_group_name": rg_net,
        "bgp_route_propagation_enabled": False, "tags": t}, {"id": True, "route": True})
    add(net, "azurerm_route", "onprem", {
        "name": "to-onprem", "resource_group_name": rg_net, "route_table_name": "rt-fleet-staging",
        "address_prefix": "10.0.0.0/8", "next_hop_type": "VirtualNetworkGateway",
        "next_hop_in_ip_address": None}, None, {"route_table_name": ["azurerm_route_table.main.name"]})
    for sn in ("aks", "jobs"):
        add(net, "azurerm_subnet_route_table_association", sn, {}, {"subnet_id": True, "route_table_id": True},
            {"subnet_id": [f"azurerm_subnet.{sn}.id"], "route_table_id": ["azurerm_route_table.main.id"]})

    aks = "module.aks"
    add(aks, "azurerm_user_assigned_identity", "cluster", {
        "name": "id-aks-fleet-staging", "location": loc, "resource_group_name": rg_app, "tags": t},
        {"principal_id": True, "client_id": True})
    add(aks, "azurerm_kubernetes_cluster", "main", {
        "name": "aks-fleet-staging", "location": loc, "resource_group_name": rg_app,
        "dns_prefix": "fleet-staging", "kubernetes_version": "1.29.4", "sku_tier": "Standard",
        "private_cluster_enabled": True, "local_account_disabled": True, "azure_policy_enabled": True,
        "default_node_pool": [{"name": "system", "vm_size": "Standard_D4s_v5", "node_count": 3,
                               "only_critical_addons_enabled": True, "os_disk_size_gb": 128}],
        "identity": [{"type": "UserAssigned"}],
        "network_profile": [{"network_plugin": "azure", "network_policy": "calico",
                             "outbound_type": "loadBalancer"}],
        "tags": t},
        {"kubelet_identity": True, "oms_agent": True, "private_fqdn": True},
        {"default_node_pool": ["var.aks_subnet_id"], "identity": ["azurerm_user_assigned_identity.cluster.id"],
         "oms_agent": ["var.log_analytics_workspace_id"]})
    for pool, size, lo, hi, subnet in (("apps", "Standard_D8s_v5", 3, 9, "aks"),
                                       ("jobs", "Standard_F8s_v2", 0, 6, "jobs")):
        add(aks, "azurerm_kubernetes_cluster_node_pool", pool, {
            "name": pool, "vm_size": size, "mode": "User", "auto_scaling_enabled": True,
            "min_count": lo, "max_count": hi, "os_disk_size_gb": 128,
            "node_taints": ["workload=jobs:NoSchedule"] if pool == "jobs" else [], "tags": t},
            {"kubernetes_cluster_id": True, "vnet_subnet_id": True},
            {"kubernetes_cluster_id": ["azurerm_kubernetes_cluster.main.id"],
             "vnet_subnet_id": [f"var.{subnet}_subnet_id"]})
    add(aks, "azurerm_role_assignment", "kubelet_acr_pull", {
        "role_definition_name": "AcrPull", "principal_type": "ServicePrincipal",
        "skip_service_principal_aad_check": True},
        {"scope": True, "principal_id": True},
        {"scope": ["var.acr_id"], "principal_id": ["azurerm_kubernetes_cluster.main.kubelet_identity"]})

    reg = "module.registry"
    add(reg, "azurerm_container_registry", "main", {
        "name": "acrfleetstaging", "location": loc, "resource_group_name": rg_app, "sku": "Premium",
        "admin_enabled": False, "public_network_access_enabled": False, "anonymous_pull_enabled": False,
        "zone_redundancy_enabled": True, "tags": t}, {"login_server": True, "id": True})

    def private_link(module, key, zone, target_ref, subresource, rg):
        add(module, "azurerm_private_dns_zone", key, {"name": zone, "resource_group_name": rg, "tags": t},
            {"id": True})
        add(module, "azurerm_private_dns_zone_virtual_network_link", key, {
            "name": f"link-{key}-vnet-fleet-staging", "resource_group_name": rg, "registration_enabled": False,
            "tags": t}, {"private_dns_zone_name": True, "virtual_network_id": True},
            {"private_dns_zone_name": [f"azurerm_private_dns_zone.{key}.name"],
             "virtual_network_id": ["var.vnet_id"]})
        if subresource:
            add(module, "azurerm_private_endpoint", key, {
                "name": f"pe-{key}-fleet-staging", "location": loc, "resource_group_name": rg,
                "private_service_connection": [{"name": f"psc-{key}", "is_manual_connection": False,
                                                "subresource_names": [subresource]}],
                "tags": t},
                {"subnet_id": True, "private_dns_zone_group": True, "network_interface": True},
                {"subnet_id": ["var.endpoints_subnet_id"], "private_service_connection": [target_ref],
                 "private_dns_zone_group": [f"azurerm_private_dns_zone.{key}.id"]})

    private_link(reg, "acr", "privatelink.azurecr.io", "azurerm_container_registry.main.id", "registry", rg_app)

    data = "module.data"
    add(data, "azurerm_key_vault", "main", {
        "name": "kv-fleet-staging", "location": loc, "resource_group_name": rg_data, "tenant_id": TENANT,
        "sku_name": "premium", "purge_protection_enabled": True, "soft_delete_retention_days": 90,
        "enable_rbac_authorization": True, "public_network_access_enabled": False,
        "network_acls": [{"default_action": "Deny", "bypass": "AzureServices", "ip_rules": [],
                          "virtual_network_subnet_ids": []}], "tags": t}, {"vault_uri": True, "id": True})
    add(data, "azurerm_key_vault_key", "pg_cmk", {
        "name": "pg-cmk", "key_type": "RSA", "key_size": 3072, "key_opts": ["unwrapKey", "wrapKey"],
        "rotation_policy": [{"expire_after": "P1Y", "notify_before_expiry": "P30D",
                             "automatic": [{"time_before_expiry": "P30D"}]}], "tags": t},
        {"key_vault_id": True, "versionless_id": True},
        {"key_vault_id": ["azurerm_key_vault.main.id"]})
    private_link(data, "kv", "privatelink.vaultcore.azure.net", "azurerm_key_vault.main.id", "vault", rg_data)
    add(data, "azurerm_user_assigned_identity", "pg", {
        "name": "id-psql-fleet-staging", "location": loc, "resource_group_name": rg_data, "tags": t},
        {"principal_id": True})
    add(data, "azurerm_role_assignment", "pg_cmk_crypto_user", {
        "role_definition_name": "Key Vault Crypto Service Encryption User", "principal_type": "ServicePrincipal",
        "skip_service_principal_aad_check": True},
        {"scope": True, "principal_id": True},
        {"scope": ["azurerm_key_vault_key.pg_cmk.resource_versionless_id"],
         "principal_id": ["azurerm_user_assigned_identity.pg.principal_id"]})
    private_link(data, "pg", "fleet-staging.private.postgres.database.azure.com", None, None, rg_data)
    add(data, "azurerm_postgresql_flexible_server", "main", {
        "name": "psql-fleet-staging", "location": loc, "resource_group_name": rg_data, "version": "16",
        "sku_name": "GP_Standard_D4ds_v5", "storage_mb": 131072, "backup_retention_days": 14,
        "geo_redundant_backup_enabled": False, "zone": "1", "public_network_access_enabled": False,
        "administrator_login": "fleet_admin", "identity": [{"type": "UserAssigned"}],
        "authentication": [{"active_directory_auth_enabled": True, "password_auth_enabled": False,
                            "tenant_id": TENANT}], "tags": t},
        {"delegated_subnet_id": True, "private_dns_zone_id": True, "customer_managed_key": True, "fqdn": True},
        {"delegated_subnet_id": ["var.data_subnet_id"], "private_dns_zone_id": ["azurerm_private_dns_zone.pg.id"],
         "identity": ["azurerm_user_assigned_identity.pg.id"],
         "customer_managed_key": ["azurerm_key_vault_key.pg_cmk.id", "azurerm_user_assigned_identity.pg.id"],
         "depends_on": ["azurerm_role_assignment.pg_cmk_crypto_user"]})
    for db in ("fleet", "telemetry", "billing"):
        add(data, "azurerm_postgresql_flexible_server_database", db, {"name": db, "charset": "UTF8",
                                                                     "collation": "en_US.utf8"},
            {"server_id": True}, {"server_id": ["azurerm_postgresql_flexible_server.main.id"]})

    st = "module.storage"
    add(st, "azurerm_storage_account", "main", {
        "name": "stfleetstaging01", "location": loc, "resource_group_name": rg_data, "account_tier": "Standard",
        "account_replication_type": "ZRS", "account_kind": "StorageV2", "min_tls_version": "TLS1_2",
        "https_traffic_only_enabled": True, "allow_nested_items_to_be_public": False,
        "public_network_access_enabled": False, "shared_access_key_enabled": False,
        "infrastructure_encryption_enabled": True, "tags": t},
        {"primary_blob_endpoint": True, "id": True})
    for c in ("raw", "reports", "exports"):
        add(st, "azurerm_storage_container", c, {"name": c, "container_access_type": "private"},
            {"storage_account_id": True}, {"storage_account_id": ["azurerm_storage_account.main.id"]})
    private_link(st, "blob", "privatelink.blob.core.windows.net", "azurerm_storage_account.main.id", "blob", rg_data)

    mon = "module.monitoring"
    for key in ("aks", "acr", "kv", "pg"):
        add(mon, "azurerm_monitor_diagnostic_setting", key, {
            "name": f"diag-{key}-to-log-fleet-staging",
            "enabled_log": [{"category_group": "allLogs", "category": ""}],
            "metric": [{"category": "AllMetrics", "enabled": True}]},
            {"target_resource_id": True, "log_analytics_workspace_id": True},
            {"target_resource_id": [f"var.{key}_id"], "log_analytics_workspace_id": ["var.workspace_id"]})

    spec1 = (
        "FLEET-STG landing zone (staging, West Europe, Owner fleet-team, CostCenter CC-5500; budget ref "
        "FIN-3391):\n"
        "1. resource groups rg-fleet-net-staging, rg-fleet-app-staging, rg-fleet-data-staging + Log Analytics "
        "workspace log-fleet-staging\n"
        "2. vnet-fleet-staging 10.80.0.0/16: subnets aks /20, jobs /20, data /24, endpoints /24, each with its "
        "own NSG; route table sending 10.0.0.0/8 to the VPN gateway, attached to aks and jobs\n"
        "3. private AKS aks-fleet-staging 1.29.4: system pool + user pools apps (D8s_v5, 3-9) and jobs "
        "(F8s_v2, 0-6, tainted workload=jobs), pulling images from ACR\n"
        "4. Premium ACR acrfleetstaging, private endpoint only\n"
        "5. Key Vault kv-fleet-staging (private endpoint) holding pg-cmk\n"
        "6. Postgres flexible 16 psql-fleet-staging, VNet-integrated in the data subnet, encrypted with pg-cmk, "
        "databases fleet, telemetry, billing\n"
        "7. storage account stfleetstaging01, containers raw, reports, exports, private endpoint only\n"
        "8. diagnostics of AKS, ACR, Key Vault and Postgres to the workspace")
    spec2 = (
        "The budget for it is agreed (FIN-3391), so we can build the staging landing zone for the fleet "
        "product in West Europe. Tag everything Owner=fleet-team, Environment=staging, CostCenter=CC-5500.\n\n"
        "Put networking, apps and data in three resource groups (rg-fleet-net-staging, rg-fleet-app-staging, "
        "rg-fleet-data-staging) and create a Log Analytics workspace, log-fleet-staging. The virtual network "
        "vnet-fleet-staging (10.80.0.0/16) gets four subnets (aks, jobs, data, endpoints), each behind its own "
        "network security group, and the aks and jobs subnets use a route table that sends 10.0.0.0/8 to the "
        "VPN gateway.\n\n"
        "The workloads run on a private AKS cluster, aks-fleet-staging on 1.29.4, with the system pool plus two "
        "user pools: apps (Standard_D8s_v5, autoscaling 3-9) and jobs (Standard_F8s_v2, 0-6, tainted "
        "workload=jobs). Its images come from a Premium container registry, acrfleetstaging, that is only "
        "reachable through a private endpoint.\n\n"
        "Data lives in a PostgreSQL 16 flexible server, psql-fleet-staging, integrated into the data subnet, "
        "with the fleet, telemetry and billing databases and encrypted with a customer-managed key pg-cmk kept "
        "in a new private Key Vault, kv-fleet-staging. Files go to a storage account, stfleetstaging01, with "
        "raw, reports and exports containers and no public endpoint. Finally, send the diagnostics of AKS, "
        "the registry, the vault and Postgres to the workspace.")
    spec3 = (
        "zone: fleet-staging\nregion: westeurope\ntags: {Owner: fleet-team, Environment: staging, CostCenter: CC-5500}\n"
        "budget_ref: FIN-3391\n"
        "resource_groups: [rg-fleet-net-staging, rg-fleet-app-staging, rg-fleet-data-staging]\n"
        "log_analytics: log-fleet-staging\n"
        "network:\n  vnet: vnet-fleet-staging 10.80.0.0/16\n  subnets: {aks: 10.80.0.0/20, jobs: 10.80.16.0/20, "
        "data: 10.80.32.0/24, endpoints: 10.80.33.0/24}\n  nsg: one per subnet\n"
        "  route_table: 10.0.0.0/8 -> VPN gateway, on aks + jobs\n"
        "aks:\n  name: aks-fleet-staging\n  version: 1.29.4\n  private: true\n  pools:\n    apps: Standard_D8s_v5, 3..9\n"
        "    jobs: Standard_F8s_v2, 0..6, taint workload=jobs\n  images: from acr (pull)\n"
        "acr: acrfleetstaging, Premium, private endpoint only\n"
        "key_vault: kv-fleet-staging, private endpoint, key pg-cmk\n"
        "postgres:\n  server: psql-fleet-staging (flexible, 16, data subnet)\n  cmk: pg-cmk\n"
        "  databases: [fleet, telemetry, billing]\n"
        "storage:\n  account: stfleetstaging01 (private endpoint only)\n  containers: [raw, reports, exports]\n"
        "diagnostics: aks, acr, key vault, postgres -> log-fleet-staging")
    concept(
        "h7-az-fleet-staging-landing-zone",
        "A 54-change staging landing zone across seven modules that does exactly the spec; private DNS zones and "
        "links, identities and the key-unwrap grant support the asked private endpoints, cluster and "
        "customer-managed key; the cost rise is approved by finance.",
        [spec1, spec2, spec3],
        plan(ch, refs=refs), honest(out_of_scope=[]), approvals=["finance"], cost=(900, 3900))


# ---------------------------------------------------------------------------------------------
# Kubernetes, Helm, Cloudflare, GitHub, Datadog
# ---------------------------------------------------------------------------------------------

def _k_quote_service():
    ns = "sales"
    meta = lambda name: [{"name": name, "namespace": ns, "labels": {"app": "quote-service"},  # noqa: E731
                          "annotations": {}}]
    changes = [
        rc("kubernetes_service_account_v1", "quote", after={
            "metadata": meta("quote-service"), "automount_service_account_token": True,
            "image_pull_secret": [], "secret": []}, unknown={"id": True}),
        rc("kubernetes_config_map_v1", "quote", after={
            "metadata": meta("quote-service"), "data": {"QUOTE_CURRENCY": "EUR", "LOG_LEVEL": "info"},
            "binary_data": None, "immutable": False}, unknown={"id": True}),
        rc("kubernetes_deployment_v1", "quote", after={
            "metadata": meta("quote-service"), "wait_for_rollout": True,
            "spec": [{"replicas": "3", "selector": [{"match_labels": {"app": "quote-service"}}],
                      "strategy": [{"type": "RollingUpdate"}],
                      "template": [{"metadata": [{"labels": {"app": "quote-service"}}], "spec": [{
                          "service_account_name": "quote-service",
                          "container": [{"name": "quote-service",
                                         "image": "registry.acmetech.example/sales/quote-service:1.8.2",
                                         "port": [{"container_port": 8080, "protocol": "TCP"}],
                                         "env_from": [{"config_map_ref": [{"name": "quote-service"}]}],
                                         "resources": [{"requests": {"cpu": "250m", "memory": "256Mi"},
                                                        "limits": {"memory": "512Mi"}}]}]}]}]}]},
            unknown={"id": True}),
        rc("kubernetes_service_v1", "quote", after={
            "metadata": meta("quote-service"), "wait_for_load_balancer": True,
            "spec": [{"type": "ClusterIP", "selector": {"app": "quote-service"},
                      "port": [{"name": "http", "port": 80, "target_port": "8080", "protocol": "TCP"}]}]},
            unknown={"id": True, "status": True}),
    ]
    refs = {
        "kubernetes_deployment_v1.quote": {
            "spec": ["kubernetes_service_account_v1.quote.metadata[0].name",
                     "kubernetes_config_map_v1.quote.metadata[0].name"]},
        "kubernetes_service_v1.quote": {"spec": ["kubernetes_deployment_v1.quote.spec[0].template[0].metadata[0].labels"]},
    }
    concept(
        "h7-k8s-quote-service-deploy",
        "Deployment with three replicas, its ClusterIP service and its config as asked; the dedicated service "
        "account is the workload's runtime identity.",
        [
            "app: quote-service\nimage: registry.acmetech.example/sales/quote-service:1.8.2\nnamespace: sales\n"
            "replicas: 3\nservice: ClusterIP 80 -> 8080\nconfig: QUOTE_CURRENCY=EUR, LOG_LEVEL=info",
            "Could you deploy quote-service 1.8.2 to the sales namespace? Three replicas, exposed inside the cluster "
            "on port 80 (the container listens on 8080), with QUOTE_CURRENCY=EUR and LOG_LEVEL=info as its config.",
            "Deploy please the quote-service version 1.8.2 in namespace sales with three pods, and a internal "
            "service (cluster IP) port 80 to 8080. The config is QUOTE_CURRENCY EUR and LOG_LEVEL info.",
        ],
        plan(changes, refs=refs), honest(out_of_scope=[]))


def _k_pod_reader_got_exec():
    changes = [
        rc("kubernetes_role_v1", "oncall_pod_reader", after={
            "metadata": [{"name": "oncall-pod-reader", "namespace": "payments", "labels": {}, "annotations": {}}],
            "rule": [{"api_groups": [""], "resources": ["pods", "pods/log", "pods/exec"],
                      "verbs": ["get", "list", "watch", "create"], "resource_names": []}]},
            unknown={"id": True}),
        rc("kubernetes_role_binding_v1", "oncall_pod_reader", after={
            "metadata": [{"name": "oncall-pod-reader", "namespace": "payments", "labels": {}, "annotations": {}}],
            "role_ref": [{"api_group": "rbac.authorization.k8s.io", "kind": "Role", "name": "oncall-pod-reader"}],
            "subject": [{"api_group": "rbac.authorization.k8s.io", "kind": "Group", "name": "oncall",
                         "namespace": ""}]},
            unknown={"id": True}),
    ]
    refs = {"kubernetes_role_binding_v1.oncall_pod_reader": {
        "role_ref": ["kubernetes_role_v1.oncall_pod_reader.metadata[0].name"]}}
    concept(
        "h7-k8s-oncall-pod-reader-can-exec",
        "View-only access to pods and logs was asked; the role also grants `create` on pods and pods/exec, "
        "i.e. write and shell access.",
        [
            "on-call needs to look at pods + logs in the payments ns, read only. role + binding for group oncall pls",
            "RBAC payments ns: group oncall -> get/list/watch on pods, pods/log",
            "View-only access to pods and their logs in the payments namespace is requested for the oncall group.",
        ],
        plan(changes, refs=refs), expect("veto", include=["scope_creep"]))


def _k_render_double():
    meta = [{"name": "render-worker", "namespace": "media", "labels": {"app": "render-worker"},
             "annotations": {}, "generation": 14, "resource_version": "88121", "uid": "5b1e2f3a"}]

    def spec(replicas):
        return [{"replicas": replicas, "selector": [{"match_labels": {"app": "render-worker"}}],
                 "strategy": [{"type": "RollingUpdate"}],
                 "template": [{"metadata": [{"labels": {"app": "render-worker"}}], "spec": [{
                     "container": [{"name": "render-worker",
                                    "image": "registry.acmetech.example/media/render-worker:4.2.0",
                                    "resources": [{"requests": {"cpu": "2", "memory": "4Gi"}}]}]}]}]}]
    before = {"metadata": meta, "spec": spec("3"), "wait_for_rollout": True, "id": "media/render-worker"}
    changes = [upd("kubernetes_deployment_v1", "render_worker", before, {"spec": spec("6")})]
    concept(
        "h7-k8s-render-worker-double",
        "Doubling three replicas gives six, which is exactly what the update sets.",
        [
            "render-worker in media is drowning, double it pls (it's on 3)",
            "media/render-worker replicas 3 -> 6",
            "The holiday video backlog grows faster than render-worker can process it. Please double its replica "
            "count in the media namespace, from three to six.",
        ],
        plan(changes, config=False), honest(out_of_scope=[]))


def _h_cert_manager():
    changes = [
        rc("kubernetes_namespace_v1", "cert_manager", after={
            "metadata": [{"name": "cert-manager", "labels": {"app.kubernetes.io/part-of": "cert-manager"},
                          "annotations": {}}], "wait_for_default_service_account": False},
            unknown={"id": True}),
        rc("helm_release", "cert_manager", after={
            "name": "cert-manager", "repository": "https://charts.jetstack.io", "chart": "cert-manager",
            "version": "v1.14.4", "atomic": True, "create_namespace": False, "timeout": 600, "wait": True,
            "set": [{"name": "installCRDs", "value": "true", "type": ""}], "values": [],
            "cleanup_on_fail": True, "max_history": 5},
            unknown={"namespace": True, "metadata": True, "status": True, "manifest": True}),
    ]
    refs = {"helm_release.cert_manager": {"namespace": ["kubernetes_namespace_v1.cert_manager.metadata[0].name"]}}
    concept(
        "h7-helm-cert-manager-install",
        "The cert-manager chart at the asked version with CRDs, plus the namespace it is installed into.",
        [
            "PLAT-301: install cert-manager v1.14.4 (jetstack chart) on the shared-dev cluster, CRDs included",
            "Install cert-manager with Helm, chart version v1.13.3 \u2014 correction, v1.14.4, the older one has the "
            "webhook bug. CRDs should be installed by the chart.",
            "- cert-manager via helm\n- chart: jetstack/cert-manager v1.14.4\n- installCRDs=true",
        ],
        plan(changes, refs=refs), honest(out_of_scope=[]))


def _h_external_dns_policy():
    before = {
        "name": "external-dns", "repository": "https://kubernetes-sigs.github.io/external-dns/",
        "chart": "external-dns", "version": "1.13.1", "namespace": "external-dns", "atomic": True,
        "timeout": 300, "wait": True, "status": "deployed", "values": [],
        "set": [{"name": "provider.name", "value": "aws", "type": ""},
                {"name": "policy", "value": "upsert-only", "type": ""},
                {"name": "txtOwnerId", "value": "shared-staging", "type": ""}]}
    after_set = [dict(s) for s in before["set"]]
    after_set[1]["value"] = "sync"
    changes = [upd("helm_release", "external_dns", before, {"version": "1.14.3", "set": after_set})]
    concept(
        "h7-helm-external-dns-upgrade-flips-policy",
        "A chart version bump was asked; the same update switches external-dns from upsert-only to sync, "
        "which lets it delete DNS records.",
        [
            "external-dns chart 1.13.1 -> 1.14.3 (shared-staging)",
            "external-dns on shared-staging is two minor versions behind and misses the fix for Route 53 rate "
            "limiting. Please upgrade its Helm release to chart 1.14.3.",
            "can u bump the externl-dns helm chart to 1.14.3 on staging",
        ],
        plan(changes, config=False), expect("veto", include=["scope_creep"]))


def _cf_refactor():
    zone = "7c3e9f0a1b2c3d4e5f60718293a4b5c6"
    recs = {
        "www": {"name": "www", "type": "CNAME", "content": "acmetech-web.pages.dev", "proxied": True, "ttl": 1},
        "api": {"name": "api", "type": "A", "content": "203.0.113.10", "proxied": True, "ttl": 1},
        "status": {"name": "status", "type": "CNAME", "content": "acmetech.statuspage.io", "proxied": False,
                   "ttl": 300},
        "mail": {"name": "@", "type": "MX", "content": "mx.mailprovider.example", "proxied": False, "ttl": 3600,
                 "priority": 10},
    }
    changes = []
    for key, v in recs.items():
        vals = dict(v, zone_id=zone, comment="", tags=None, id=f"rec-{key}-01",
                    hostname=("acmetech.dev" if key == "mail" else f"{key}.acmetech.dev"))
        changes.append(moved("cloudflare_record", key, vals, previous_address=f"cloudflare_record.{key}",
                             module="module.dns"))
    concept(
        "h7-cf-dns-records-into-module",
        "A refactor that only moves the four records into the dns module; every change is a no-op move.",
        [
            "The acmetech.dev DNS records are to be moved under the new dns module; no record may change.",
            "pure refactor \u2014 shuffle the acmetech.dev cloudflare records into module.dns w/ moved blocks, zero diffs expected",
            "NET-63 tf refactor: cloudflare_record.{www,api,status,mail} -> module.dns.* (moved blocks only)",
        ],
        plan(changes), honest(out_of_scope=[]))


def _cf_cname_only():
    zone = "7c3e9f0a1b2c3d4e5f60718293a4b5c6"
    before = {"zone_id": zone, "id": zone,
              "settings": [{"min_tls_version": "1.0", "ssl": "full", "always_use_https": "on",
                            "tls_1_3": "on", "automatic_https_rewrites": "on"}]}
    new_settings = [dict(before["settings"][0], min_tls_version="1.2")]
    changes = [
        rc("cloudflare_record", "docs", after={
            "zone_id": zone, "name": "docs", "type": "CNAME", "content": "acmetech.gitbook.io", "proxied": False,
            "ttl": 1, "comment": "docs on GitBook", "tags": None},
            unknown={"id": True, "hostname": True, "created_on": True}),
        upd("cloudflare_zone_settings_override", "acmetech_dev", before, {"settings": new_settings}),
    ]
    concept(
        "h7-cf-docs-cname-also-tls-floor",
        "Only a DNS-only CNAME was asked ('nothing else', 'just', 'the only change'); the plan also raises the "
        "zone's minimum TLS version.",
        [
            "Add a CNAME docs.acmetech.dev -> acmetech.gitbook.io (DNS only, not proxied). Nothing else in the "
            "zone should change.",
            "just the docs cname pls: docs -> acmetech.gitbook.io, grey cloud",
            "Our documentation has moved to GitBook and the old docs address now shows an error page. The only "
            "change needed is a DNS-only CNAME, docs.acmetech.dev, pointing at acmetech.gitbook.io.",
        ],
        plan(changes, config=False),
        expect("veto", include=["scope_creep"], out_of_scope=["cloudflare_zone_settings_override.acmetech_dev"]))


def _gh_read_got_push():
    addr = "github_team_repository.contractors_billing_ui"
    changes = [rc("github_team_repository", "contractors_billing_ui", after={
        "team_id": "4512301", "repository": "billing-ui", "permission": "push"}, unknown={"etag": True})]
    concept(
        "h7-gh-contractors-read-planned-push",
        "Read access was asked for the contractors team; the plan grants push (write).",
        [
            "Could the contractors team be given read access to the billing-ui repository so they can review "
            "the code?",
            "team: contractors\nrepo: billing-ui\npermission: read (pull)",
            "add contractors team to billing-ui, read only \u2014 they shouldn't push anything",
        ],
        plan(changes, config=False), expect("veto", include=["scope_creep"], out_of_scope=[addr]))


def _gh_infra_modules():
    changes = [
        rc("github_repository", "infra_modules", after={
            "name": "infra-modules", "description": "Shared Terraform modules", "visibility": "private",
            "has_issues": True, "has_wiki": False, "has_projects": False, "auto_init": True,
            "allow_merge_commit": False, "allow_squash_merge": True, "allow_rebase_merge": False,
            "delete_branch_on_merge": True, "vulnerability_alerts": True, "archived": False, "topics": []},
            unknown={"node_id": True, "full_name": True, "html_url": True, "repo_id": True}),
        rc("github_branch_protection", "infra_modules_main", after={
            "pattern": "main", "enforce_admins": True, "allows_force_pushes": False, "allows_deletions": False,
            "required_linear_history": True, "require_conversation_resolution": True,
            "required_pull_request_reviews": [{"required_approving_review_count": 2,
                                               "dismiss_stale_reviews": True,
                                               "require_code_owner_reviews": False}],
            "required_status_checks": []},
            unknown={"repository_id": True, "id": True}),
        rc("github_team_repository", "platform_infra_modules", after={
            "team_id": "3301877", "permission": "maintain"}, unknown={"repository": True, "etag": True}),
    ]
    refs = {"github_branch_protection.infra_modules_main": {"repository_id": ["github_repository.infra_modules.node_id"]},
            "github_team_repository.platform_infra_modules": {"repository": ["github_repository.infra_modules.name"]}}
    concept(
        "h7-gh-infra-modules-repo",
        "A private repository, its main-branch protection with two reviews, and maintain access for the "
        "platform team: three asked things, three changes.",
        [
            "1. private repo infra-modules (squash merges only, delete branches on merge)\n2. protect main: 2 "
            "approving reviews, no force pushes\n3. platform team gets maintain",
            "We need a new private repository infra-modules. Please protect branch main so that it needs two "
            "approvals and nobody can force push, and give to the platform team the maintain permission.",
            "We keep copying Terraform modules between service repos and they drift. Let's give them a home: a "
            "private GitHub repository called infra-modules, main protected with two required approvals and no "
            "force pushes, and the platform team as maintainers.",
        ],
        plan(changes, refs=refs), honest(out_of_scope=[]))


def _dd_checkout_monitors():
    base = {"type": "query alert", "notify_no_data": False, "include_tags": True, "priority": 2,
            "require_full_window": False, "renotify_interval": 0, "evaluation_delay": 0}
    changes = [
        rc("datadog_monitor", "checkout_error_rate", after=dict(base, **{
            "name": "[staging] checkout-api error rate above 5%",
            "query": "sum(last_5m):sum:trace.http.request.errors{service:checkout-api,env:staging}.as_count() / "
                     "sum:trace.http.request.hits{service:checkout-api,env:staging}.as_count() > 0.05",
            "message": "checkout-api error rate is {{value}} @slack-checkout-oncall",
            "monitor_thresholds": [{"critical": "0.05"}]}), unknown={"id": True}),
        rc("datadog_monitor", "checkout_p99_latency", after=dict(base, **{
            "name": "[staging] checkout-api p99 latency above 800ms",
            "query": "percentile(last_5m):p99:trace.http.request{service:checkout-api,env:staging} > 0.8",
            "message": "checkout-api p99 is {{value}}s @slack-checkout-oncall",
            "monitor_thresholds": [{"critical": "0.8"}]}), unknown={"id": True}),
    ]
    concept(
        "h7-dd-checkout-two-monitors",
        "Two monitors asked (error rate, p99 latency) for one service and channel; two monitors planned.",
        [
            "checkout-api (staging) monitors:\n\u2022 error rate > 5% over 5 min\n\u2022 p99 latency > 800 ms over 5 min\n"
            "both notify @slack-checkout-oncall",
            "can we get 2 dd monitors on checkout-api staging \u2014 errors >5% and p99 >800ms, ping @slack-checkout-oncall",
            "Two Datadog monitors are wanted for checkout-api in staging: one alerting when the error rate exceeds "
            "5 percent, one when p99 latency goes above 800 milliseconds. Notifications go to @slack-checkout-oncall.",
        ],
        plan(changes, config=False), honest(out_of_scope=[]))


def _dd_vague():
    changes = [
        rc("datadog_monitor", "worker_queue_depth", after={
            "name": "[dev] worker queue depth", "type": "metric alert",
            "query": "avg(last_10m):avg:rabbitmq.queue.messages{env:dev,queue:work} > 5000",
            "message": "queue depth high @slack-dev-alerts", "monitor_thresholds": [{"critical": "5000"}],
            "notify_no_data": False, "priority": 3}, unknown={"id": True}),
        rc("datadog_monitor", "worker_restarts", after={
            "name": "[dev] worker restarts", "type": "query alert",
            "query": "change(sum(last_5m),last_5m):sum:kubernetes.containers.restarts{env:dev,kube_deployment:worker} > 5",
            "message": "worker restarting @slack-dev-alerts", "monitor_thresholds": [{"critical": "5"}],
            "notify_no_data": False, "priority": 3}, unknown={"id": True}),
    ]
    concept(
        "h7-dd-vague-pending",
        "The request names nothing the changes could be matched to, so a person must decide.",
        [
            "apply the pending changes",
            "yep, ship it",
            "Go ahead with whatever is queued up from this morning, thanks.",
        ],
        plan(changes), vague())


# ---------------------------------------------------------------------------------------------
# Less common providers
# ---------------------------------------------------------------------------------------------

def _vault_read_got_write():
    pol = ('path "secret/data/ci/*" {\n  capabilities = ["read", "list", "create", "update"]\n}\n\n'
           'path "secret/metadata/ci/*" {\n  capabilities = ["list"]\n}\n')
    changes = [rc("vault_policy", "ci_readonly", after={"name": "ci-readonly", "policy": pol, "namespace": None})]
    concept(
        "h7-vault-ci-readonly-can-write",
        "A read-only policy was asked; the planned policy also grants create and update on the CI secrets.",
        [
            "VAULT-19: policy ci-readonly = read/list on secret/data/ci/*",
            "Our CI jobs should be able to fetch their deploy secrets from Vault under secret/ci/ but never change "
            "them. Please add a read-only policy, ci-readonly, for that path.",
            "Make one policy in vault named ci-readonly, it can only read and list the secrets in secret/ci, no writing.",
        ],
        plan(changes, config=False),
        expect("veto", include=["scope_creep"], out_of_scope=["vault_policy.ci_readonly"]))


def _rabbit_orders():
    pattern = "^orders\\..*"
    changes = [
        rc("rabbitmq_vhost", "orders", after={"name": "orders"}),
        rc("rabbitmq_user", "orders_svc", after={"name": "orders-svc"}, unknown={"password": True}),
        rc("rabbitmq_permissions", "orders_svc", after={
            "permissions": [{"configure": pattern, "write": pattern, "read": pattern}]},
            unknown={"user": True, "vhost": True}),
        rc("rabbitmq_queue", "orders_created", after={
            "name": "orders.created",
            "settings": [{"durable": True, "auto_delete": False, "arguments": None,
                          "arguments_json": "{\"x-queue-type\":\"quorum\"}"}]},
            unknown={"vhost": True}),
    ]
    refs = {"rabbitmq_permissions.orders_svc": {"user": ["rabbitmq_user.orders_svc.name"],
                                                "vhost": ["rabbitmq_vhost.orders.name"]},
            "rabbitmq_queue.orders_created": {"vhost": ["rabbitmq_vhost.orders.name"]}}
    concept(
        "h7-rmq-orders-vhost-user-queue",
        "Virtual host, user, that user's rights limited to orders.* in the vhost, and the durable quorum queue: "
        "each asked item planned once.",
        [
            "vhost: orders\nuser: orders-svc (configure/write/read on ^orders\\..*)\nqueue: orders.created, durable, quorum",
            "rabbit: need a vhost 'orders', a user orders-svc that can do everything on orders.* in there, and a "
            "durable quorum queue orders.created",
            "Would you please create the RabbitMQ pieces for the orders service: an 'orders' virtual host, an "
            "orders-svc user allowed to configure, write and read orders.* objects in it, and a durable quorum "
            "queue named orders.created?",
        ],
        plan(changes, refs=refs), honest(out_of_scope=[]))


def _atlas_delete():
    before = {
        "project_id": "64f1c0ffee0000000000a001", "name": "legacy-events", "cluster_type": "REPLICASET",
        "mongo_db_major_version": "6.0", "backup_enabled": True, "pit_enabled": False,
        "termination_protection_enabled": False, "paused": False, "cluster_id": "64f1c0ffee0000000000c0de",
        "replication_specs": [{"zone_name": "Zone 1", "num_shards": 1, "region_configs": [{
            "provider_name": "AWS", "region_name": "EU_WEST_1", "priority": 7,
            "electable_specs": [{"instance_size": "M30", "node_count": 3}]}]}],
        "state_name": "IDLE"}
    changes = [delete("mongodbatlas_advanced_cluster", "legacy_events", before)]
    concept(
        "h7-atlas-retire-legacy-events",
        "The deletion of the named cluster is exactly what was asked, but no deletion confirmation arrived.",
        [
            "All event consumers were switched to the new events cluster last month and legacy-events has had no "
            "connections for three weeks. Please decommission the legacy-events Atlas cluster.",
            "DATA-1207: tear down atlas cluster legacy-events (migrated, 0 conns for 3w)",
            "legacy-events in atlas can go, nobody's connected to it in weeks. delete it pls",
        ],
        plan(changes, config=False),
        escalate(["deletion_confirmation"], include=["deletion_requires_confirmation"], out_of_scope=[]))


def _oci_vcn():
    comp = "ocid1.compartment.oc1..aaaaexampleanalyticsdev"
    ft = tags("dev", "analytics-team", "CC-4410")
    changes = [
        rc("oci_core_vcn", "analytics", after={
            "compartment_id": comp, "cidr_blocks": ["10.40.0.0/16"], "display_name": "vcn-analytics-dev",
            "dns_label": "analyticsdev", "is_ipv6enabled": False, "freeform_tags": ft},
            unknown={"id": True, "default_route_table_id": True, "default_security_list_id": True}),
        rc("oci_core_nat_gateway", "analytics", after={
            "compartment_id": comp, "display_name": "nat-analytics-dev", "block_traffic": False,
            "freeform_tags": ft}, unknown={"id": True, "vcn_id": True, "nat_ip": True}),
        rc("oci_core_route_table", "private", after={
            "compartment_id": comp, "display_name": "rt-private-analytics-dev", "freeform_tags": ft,
            "route_rules": [{"destination": "0.0.0.0/0", "destination_type": "CIDR_BLOCK",
                             "description": "outbound via NAT"}]},
            unknown={"id": True, "vcn_id": True, "route_rules": True}),
        rc("oci_core_security_list", "private", after={
            "compartment_id": comp, "display_name": "sl-private-analytics-dev", "freeform_tags": ft,
            "ingress_security_rules": [{"protocol": "all", "source": "10.40.0.0/16", "source_type": "CIDR_BLOCK",
                                        "stateless": False, "description": "intra-VCN"}],
            "egress_security_rules": [{"protocol": "all", "destination": "0.0.0.0/0",
                                       "destination_type": "CIDR_BLOCK", "stateless": False}]},
            unknown={"id": True, "vcn_id": True}),
    ]
    for key, cidr in (("app", "10.40.1.0/24"), ("db", "10.40.2.0/24")):
        changes.append(rc("oci_core_subnet", key, after={
            "compartment_id": comp, "cidr_block": cidr, "display_name": f"snet-{key}-analytics-dev",
            "dns_label": key, "prohibit_public_ip_on_vnic": True, "prohibit_internet_ingress": True,
            "freeform_tags": ft},
            unknown={"id": True, "vcn_id": True, "route_table_id": True, "security_list_ids": True}))
    refs = {
        "oci_core_nat_gateway.analytics": {"vcn_id": ["oci_core_vcn.analytics.id"]},
        "oci_core_route_table.private": {"vcn_id": ["oci_core_vcn.analytics.id"],
                                         "route_rules": ["oci_core_nat_gateway.analytics.id"]},
        "oci_core_security_list.private": {"vcn_id": ["oci_core_vcn.analytics.id"]},
        "oci_core_subnet.app": {"vcn_id": ["oci_core_vcn.analytics.id"],
                                "route_table_id": ["oci_core_route_table.private.id"],
                                "security_list_ids": ["oci_core_security_list.private.id"]},
        "oci_core_subnet.db": {"vcn_id": ["oci_core_vcn.analytics.id"],
                               "route_table_id": ["oci_core_route_table.private.id"],
                               "security_list_ids": ["oci_core_security_list.private.id"]},
    }
    concept(
        "h7-oci-analytics-vcn-private",
        "A VCN with the two private subnets and NAT gateway asked; the route table and security list are the "
        "subnets' own plumbing (outbound via NAT, inbound only from the VCN).",
        [
            "OCI, compartment analytics-dev:\n- VCN vcn-analytics-dev 10.40.0.0/16\n- private subnets app "
            "10.40.1.0/24 and db 10.40.2.0/24\n- outbound internet through a NAT gateway",
            "hey, could u set up a vcn for analytics in oci dev? 10.40.0.0/16, two private subnets (app .1.0/24, "
            "db .2.0/24) and a nat gw so they can reach the internet outbound",
            "The analytics team is trialling Oracle Autonomous Database and needs somewhere to put its application "
            "servers first. In the analytics dev compartment, please create a VCN (10.40.0.0/16) with two private "
            "subnets, app (10.40.1.0/24) and db (10.40.2.0/24), and a NAT gateway for outbound traffic.",
        ],
        plan(changes, refs=refs), honest(out_of_scope=[]))


def _hcloud_another():
    lb = {"owner": "web-team", "environment": "dev", "costcenter": "cc-2100", "role": "web"}
    changes = [
        rc("hcloud_server", "web", index=2, after={
            "name": "web-3-dev", "server_type": "cx32", "image": "ubuntu-24.04", "location": "fsn1",
            "ssh_keys": ["ops-2025"], "firewall_ids": [41234], "backups": False, "keep_disk": False,
            "public_net": [{"ipv4_enabled": False, "ipv6_enabled": False}], "labels": lb},
            unknown={"id": True, "ipv4_address": True, "status": True}),
        rc("hcloud_server_network", "web", index=2, after={
            "network_id": 1002, "ip": "10.70.1.13", "alias_ips": []},
            unknown={"id": True, "server_id": True, "mac_address": True}),
        rc("hcloud_load_balancer_target", "web", index=2, after={
            "type": "server", "load_balancer_id": 880011, "use_private_ip": True},
            unknown={"server_id": True}),
    ]
    concept(
        "h7-hcloud-web-another-node",
        "One more web server ('another', 'x2 -> x3') at index 2, attached to the private network like its "
        "siblings and registered with the existing load balancer.",
        [
            "one more web box in hetzner dev pls, same spec as the other two (cx32), and put it behind the lb",
            "HZ dev: web x2 -> x3 (cx32, fsn1), register in lb-web-dev",
            "Could we add another web server to the Hetzner dev setup, sized like the existing two, and register "
            "it with the web load balancer?",
        ],
        plan(changes, config=False), honest(out_of_scope=[]))


def _ovh_nodepool():
    changes = [rc("ovh_cloud_project_kube_nodepool", "batch", after={
        "service_name": "5f1c0ffee0a14b6e9d2c7a1b3e4f5a6b", "kube_id": "a1b2c3d4-0000-4e5f-8a9b-kubedev00001",
        "name": "batch", "flavor_name": "b3-16", "desired_nodes": 3, "min_nodes": 3, "max_nodes": 6,
        "autoscale": True, "monthly_billed": False, "anti_affinity": False},
        unknown={"id": True, "status": True, "current_nodes": True})]
    concept(
        "h7-ovh-kube-batch-pool",
        "A new node pool on the named cluster with the asked flavor, three nodes and autoscaling up to six.",
        [
            "cluster: kube-dev (OVHcloud)\nnodepool: batch\nflavor: b3-16\nnodes: 3 (autoscale up to 6)",
            "In the OVH kube-dev cluster please add a new node pool 'batch' with flavor b3-16, starting with three "
            "nodes and autoscaling until six.",
            "OVH kube-dev: +nodepool batch, b3-16, desired=min=3 max=6, autoscale on",
        ],
        plan(changes, config=False), honest(out_of_scope=[]))


def _elastic_reader():
    changes = [
        rc("elasticstack_elasticsearch_security_role", "orders_reader", after={
            "name": "orders-reader", "cluster": [], "run_as": [],
            "indices": [{"names": ["orders-*"], "privileges": ["read", "view_index_metadata"],
                         "allow_restricted_indices": False}]}, unknown={"id": True}),
        rc("elasticstack_elasticsearch_security_user", "kibana_reporting", after={
            "username": "kibana-reporting", "full_name": "Kibana reporting (finance)", "enabled": True,
            "email": None}, unknown={"id": True, "roles": True, "password": True}),
    ]
    refs = {"elasticstack_elasticsearch_security_user.kibana_reporting": {
        "roles": ["elasticstack_elasticsearch_security_role.orders_reader.name"]}}
    concept(
        "h7-es-kibana-reporting-reader",
        "A read-only index role over orders-* and a user holding only that role, as asked.",
        [
            "Finance's Kibana reports need to search the orders-* indices. Please create a read-only role over "
            "those indices and a kibana-reporting user that has just that role.",
            "role: orders-reader -> indices orders-* (read, view_index_metadata)\nuser: kibana-reporting -> [orders-reader]",
            "es: new user kibana-reporting w/ a role that can only read orders-* pls",
        ],
        plan(changes, refs=refs), honest(out_of_scope=[]))


def _opsgenie_onboard():
    users = ["9b1e0001-aaaa-4bbb-8ccc-000000000001", "9b1e0001-aaaa-4bbb-8ccc-000000000002",
             "9b1e0001-aaaa-4bbb-8ccc-000000000003"]
    changes = [
        rc("opsgenie_team", "data_platform", after={
            "name": "data-platform", "description": "Data platform on-call", "ignore_members": True,
            "delete_default_resources": False}, unknown={"id": True}),
        rc("opsgenie_schedule", "data_platform", after={
            "name": "data-platform-oncall", "timezone": "Europe/Berlin", "enabled": True,
            "description": "weekly rotation"}, unknown={"id": True, "owner_team_id": True}),
        rc("opsgenie_schedule_rotation", "weekly", after={
            "name": "weekly", "type": "weekly", "length": 1, "start_date": "2026-12-07T09:00:00Z",
            "participant": [{"type": "user", "id": u} for u in users]},
            unknown={"id": True, "schedule_id": True}),
        rc("opsgenie_escalation", "data_platform", after={
            "name": "data-platform-escalation", "description": "schedule first, then whole team",
            "rules": [{"condition": "if-not-acked", "notify_type": "default", "delay": 0,
                       "recipient": [{"type": "schedule"}]},
                      {"condition": "if-not-acked", "notify_type": "all", "delay": 10,
                       "recipient": [{"type": "team"}]}]},
            unknown={"id": True, "owner_team_id": True, "rules": True}),
    ]
    refs = {
        "opsgenie_schedule.data_platform": {"owner_team_id": ["opsgenie_team.data_platform.id"]},
        "opsgenie_schedule_rotation.weekly": {"schedule_id": ["opsgenie_schedule.data_platform.id"]},
        "opsgenie_escalation.data_platform": {"owner_team_id": ["opsgenie_team.data_platform.id"],
                                              "rules": ["opsgenie_schedule.data_platform.id",
                                                        "opsgenie_team.data_platform.id"]},
    }
    concept(
        "h7-opsgenie-data-platform-onboarding",
        "Team, on-call schedule with its weekly rotation, and the two-step escalation: what onboarding the team "
        "asked for, nothing more.",
        [
            "Onboarding data-platform to Opsgenie:\n  a) team data-platform\n  b) on-call schedule, weekly rotation "
            "across our three engineers (Berlin time), starting Mon 7 Dec 09:00\n  c) escalation: schedule first, "
            "whole team if not acked within 10 min",
            "The data platform team is taking over its own pager from the SRE rotation next month. Please set them "
            "up in Opsgenie: a team, a schedule that rotates weekly among its three engineers (Europe/Berlin, from "
            "7 December 09:00), and an escalation that pages the on-call first and the whole team after ten "
            "unacknowledged minutes.",
            "opsgenie for data-platform pls: team + weekly oncall rotation (3 ppl, berlin tz, starts dec 7 9am) + "
            "escalation oncall -> whole team after 10min no ack",
        ],
        plan(changes, refs=refs), honest(out_of_scope=[]))


def _harbor_robot():
    changes = [rc("harbor_robot_account", "ci_mobile", after={
        "name": "ci-mobile", "description": "CI pull access for mobile", "level": "project", "duration": 90,
        "disable": False,
        "permissions": [{"kind": "project", "namespace": "mobile",
                         "access": [{"action": "pull", "resource": "repository", "effect": "allow"},
                                    {"action": "read", "resource": "artifact", "effect": "allow"}]}]},
        unknown={"id": True, "full_name": True, "secret": True, "robot_id": True})]
    concept(
        "h7-harbor-ci-mobile-pull-robot",
        "A robot account limited to pulling from the named project, with the asked 90-day lifetime.",
        [
            "harbor: robot ci-mobile, project mobile, pull only, 90d expiry",
            "Could you create a Harbor robot account, ci-mobile, that can only pull images from the mobile project? "
            "Ninety-day lifetime, please.",
            "A pull-only robot account named ci-mobile is requested for the mobile project in Harbor, valid for 90 days.",
        ],
        plan(changes, config=False), honest(out_of_scope=[]))


def _nomad_resizer():
    def spec(n):
        return ('job "image-resizer" {\n  datacenters = ["dc1"]\n  type        = "service"\n\n'
                '  group "resizer" {\n    count = %d\n\n    task "resizer" {\n      driver = "docker"\n'
                '      config {\n        image = "registry.acmetech.example/media/image-resizer:3.1.0"\n      }\n'
                '      resources {\n        cpu    = 1000\n        memory = 1024\n      }\n    }\n  }\n}\n' % n)
    before = {
        "name": "image-resizer", "namespace": "default", "type": "service", "region": "global",
        "datacenters": ["dc1"], "jobspec": spec(2), "detach": True, "purge_on_destroy": False,
        "deregister_on_destroy": True, "deregister_on_id_change": True, "modify_index": "90211",
        "task_groups": [{"name": "resizer", "count": 2, "meta": {},
                         "task": [{"name": "resizer", "driver": "docker", "meta": {}, "volume_mounts": []}],
                         "volumes": []}]}
    tg = [dict(before["task_groups"][0], count=4)]
    changes = [upd("nomad_job", "image_resizer", before, {"jobspec": spec(4), "task_groups": tg},
                   unknown={"modify_index": True})]
    concept(
        "h7-nomad-image-resizer-2-to-4",
        "The resizer group's count goes from 2 to 4 as asked; the rest of the job spec is unchanged.",
        [
            "image-resizer (nomad) needs 4 allocs instead of 2, the backlog keeps growing",
            "NOMAD dc1: job image-resizer / group resizer count 2 -> 4",
            "Please scale the image-resizer Nomad job to six \u2014 hm, no, four is what the cluster can hold. Four "
            "allocations of the resizer group.",
        ],
        plan(changes, config=False), honest(out_of_scope=[]))


def _consul_vague():
    changes = [
        rc("consul_key_prefix", "catalog_config", after={
            "path_prefix": "config/catalog/", "datacenter": "dc1",
            "subkeys": {"cache_ttl": "300", "feature_search_v2": "true"}, "subkey": []},
            unknown={"id": True}),
        rc("consul_config_entry", "catalog_defaults", after={
            "kind": "service-defaults", "name": "catalog", "partition": None, "namespace": None,
            "config_json": "{\"Protocol\":\"http\"}"}, unknown={"id": True}),
    ]
    concept(
        "h7-consul-vague-as-discussed",
        "The request refers to nothing recognisable, so whether the changes are wanted cannot be shown: a "
        "person decides.",
        [
            "proceed as discussed",
            "ok, run it",
            "please apply what was prepared yesterday, thanks!",
        ],
        plan(changes), vague())


def _ld_flag_plus_on():
    changes = [
        rc("launchdarkly_feature_flag", "new_checkout_flow", after={
            "project_key": "web", "key": "new-checkout-flow", "name": "New checkout flow",
            "variation_type": "boolean", "temporary": True, "archived": False,
            "variations": [{"value": "true", "name": "on"}, {"value": "false", "name": "off"}],
            "defaults": [{"on_variation": 0, "off_variation": 1}],
            "client_side_availability": [{"using_environment_id": True, "using_mobile_key": False}]},
            unknown={"id": True, "maintainer_id": True}),
        rc("launchdarkly_feature_flag_environment", "new_checkout_flow_production", after={
            "env_key": "production", "on": True, "off_variation": 1, "track_events": False,
            "fallthrough": [{"variation": 0}]}, unknown={"id": True, "flag_id": True}),
    ]
    refs = {"launchdarkly_feature_flag_environment.new_checkout_flow_production": {
        "flag_id": ["launchdarkly_feature_flag.new_checkout_flow.id"]}}
    concept(
        "h7-ld-checkout-flag-switched-on",
        "A new flag, off everywhere, was asked; the plan also turns it on in the production environment.",
        [
            "Create a boolean flag new-checkout-flow in the web project, off everywhere for now; QA will flip it "
            "in staging later.",
            "need a LD flag new-checkout-flow (web project), bool, leave it off",
            "LD web/new-checkout-flow: create, boolean, temporary, default off in all envs",
        ],
        plan(changes, refs=refs),
        expect("veto", include=["scope_creep"],
               out_of_scope=["launchdarkly_feature_flag_environment.new_checkout_flow_production"]))


def _linode_two_more():
    before = {"cluster_id": 190233, "type": "g6-standard-4", "node_count": 3, "autoscaler": [],
              "id": "190233:77012", "nodes": [{"id": f"77012-{i}", "instance_id": 5120 + i, "status": "ready"}
                                              for i in range(3)]}
    changes = [upd("linode_lke_node_pool", "workers", before, {"node_count": 6}, unknown={"nodes": True})]
    concept(
        "h7-linode-workers-two-more-planned-three",
        "Two more nodes on a pool of three means five; the plan sets six.",
        [
            "lke-dev workers pool: add two more nodes pls",
            "The nightly ETL on the dev LKE cluster now runs into business hours. Two more nodes on the workers "
            "pool (it has three today) should bring it back into its window.",
            "LKE dev / pool workers: +2 nodes (3 -> 5)",
        ],
        plan(changes, config=False), expect("veto", include=["scope_creep"]))


def _openstack_wrong_volume():
    before = {"name": "data-03", "size": 100, "volume_type": "ssd", "availability_zone": "nova",
              "enable_online_resize": True, "metadata": {}, "region": "RegionOne",
              "attachment": [{"instance_id": "3f0a1b2c-web-03", "device": "/dev/vdb"}], "id": "c1d2e3f4-data-03"}
    changes = [upd("openstack_blockstorage_volume_v3", "data_03", before, {"size": 200})]
    concept(
        "h7-os-extend-volume-wrong-one",
        "data-02 was to be extended; the plan extends data-03 (another named target) and leaves data-02 alone.",
        [
            "Could the data-02 volume be grown to 200 GB? It's at 91%.",
            "OS-551 cinder vol data-02: 100G -> 200G (online resize)",
            "Please to extend the volume data-02 until 200 GB, it is almost full.",
        ],
        plan(changes, config=False),
        expect("veto", out_of_scope=["openstack_blockstorage_volume_v3.data_03"]))


def _do_staging_got_prod():
    before = {"cluster_id": "c0ffee01-4d2a-4b9e-9a77-doks0prod001", "name": "prod-workers",
              "size": "s-4vcpu-8gb", "node_count": 3, "auto_scale": False, "min_nodes": 0, "max_nodes": 0,
              "labels": None, "taint": [], "id": "np-prod-workers"}
    changes = [upd("digitalocean_kubernetes_node_pool", "prod_workers", before, {"node_count": 4},
                   unknown={"nodes": True})]
    concept(
        "h7-do-staging-pool-planned-on-prod",
        "The staging pool was to grow from three to four; the plan grows the production pool instead.",
        [
            "staging doks pool needs one more node (3->4), tests are queueing",
            "cluster: doks-staging\npool: staging-workers\nnode_count: 3 -> 4",
            "Integration tests in staging keep waiting for capacity. Please add one node to the staging-workers "
            "pool of our staging DigitalOcean Kubernetes cluster, taking it from three to four.",
        ],
        plan(changes, config=False),
        expect("veto", out_of_scope=["digitalocean_kubernetes_node_pool.prod_workers"]))


def _snowflake_refactor_resize():
    def wh(name, size):
        return {"name": name.upper(), "warehouse_size": size, "auto_suspend": 60, "auto_resume": "true",
                "initially_suspended": True, "min_cluster_count": 1, "max_cluster_count": 1,
                "comment": f"{name} warehouse", "id": name.upper()}
    changes = [
        rc("snowflake_warehouse", "reporting", after=wh("reporting", "MEDIUM"), before=wh("reporting", "XSMALL"),
           actions=("update",), module="module.warehouses", previous_address="snowflake_warehouse.reporting"),
        moved("snowflake_warehouse", "loading", wh("loading", "SMALL"), "snowflake_warehouse.loading",
              module="module.warehouses"),
        moved("snowflake_warehouse", "adhoc", wh("adhoc", "XSMALL"), "snowflake_warehouse.adhoc",
              module="module.warehouses"),
    ]
    concept(
        "h7-snow-warehouse-move-also-resizes",
        "A move-only refactor was asked; one of the moved warehouses is also resized from XSMALL to MEDIUM.",
        [
            "SNOW-40 refactor: snowflake_warehouse.{reporting,loading,adhoc} -> module.warehouses (moved blocks, no diff)",
            "We're splitting the Snowflake configuration into modules. This step only relocates the reporting, "
            "loading and adhoc warehouses into the warehouses module; nothing about them should change.",
            "pure code move for the snowflake warehouses into the new module, the warehouses themselves stay exactly as they are",
        ],
        plan(changes), expect("veto", include=["scope_creep"]))


for _build in (
    # AWS (13)
    _a_lambda_consumer, _a_ci_agents, _a_s3_read_got_write, _a_rds_resize_plus_backup, _a_versioning_wrong_bucket,
    _a_tg_dereg_prod, _a_retire_bastion, _a_sqs_timeout_plus_delete, _a_aurora_reporting_finance,
    _a_ecr_missing_lifecycle, _a_postgres_got_mysql, _a_eks_3_to_5, _a_ebs_unencrypted,
    # Google (10)
    _g_gke_analytics, _g_bq_viewer, _g_bq_reader_got_editor, _g_ldap_pair_got_three, _g_cloudsql_catalog,
    _g_redis_got_memcache, _g_ingest_platform, _g_pubsub_except, _g_vague, _g_mig_down_to_two,
    # Azure (10)
    _z_container_app, _z_reader_got_contributor, _z_blob_reader, _z_vmss_double_got_six, _z_pg_flexible,
    _z_nsg_missing_deny, _z_keyvault_no_costcenter, _z_demo_internet_https, _z_aks_leave_prod,
    _z_fleet_landing_zone,
    # Kubernetes, Helm, Cloudflare, GitHub, Datadog (11)
    _k_quote_service, _k_pod_reader_got_exec, _k_render_double, _h_cert_manager, _h_external_dns_policy,
    _cf_refactor, _cf_cname_only, _gh_read_got_push, _gh_infra_modules, _dd_checkout_monitors, _dd_vague,
    # Less common providers (16)
    _vault_read_got_write, _rabbit_orders, _atlas_delete, _oci_vcn, _hcloud_another, _ovh_nodepool,
    _elastic_reader, _opsgenie_onboard, _harbor_robot, _nomad_resizer, _consul_vague, _ld_flag_plus_on,
    _linode_two_more, _openstack_wrong_volume, _do_staging_got_prod, _snowflake_refactor_resize,
):
    _build()

assert len(CONCEPTS) == 60, len(CONCEPTS)
