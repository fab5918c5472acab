"""Ninth development part (dev9), written as the fifth held-out part (`heldout5`): 60 concepts x 3
wordings, ids `h5-<concept>--wN`.

It was measured held out at two stops (108/180 first, 109/180 last, 16 harmful approvals), then
opened and tuned on: it is a development part now, and `heldout6` took its place. Its ids keep the
`h5-` prefix they were measured under.

Written by a helper who read only scripts/corpus/{lib,common,generate}.py, the scenario format
README, docs/ARCHITECTURE.md ("Findings and decisions"), docs/findings.md and the label, coverage
and split sections of examples/corpus/README.md; never the engine, its tests, the other parts'
case definitions or their JSON. Ids are `h5-<concept>--wN` (three wordings per concept, all sharing
one plan and one expectation). Labels follow the meaning of the policies, never the tool's output.
"""
import json

import lib
from lib import plan, rc, upd, delete, moved, expect, honest, tags, labels, GUARDS
from common import (aws_instance, s3_bucket, s3_private, kms_key, sg, iam_role, iam_attach, iam_policy,
                    log_group, db_instance, db_subnet_group, azure_rg_id, gce_instance)

# Providers lib.PROVIDERS does not list yet. Only new keys are added, so no other part changes.
NEW_PROVIDERS = {
    "tailscale": "registry.terraform.io/tailscale/tailscale",
    "azuread": "registry.terraform.io/hashicorp/azuread",
    "postgresql": "registry.terraform.io/cyrilgdn/postgresql",
    "keycloak": "registry.terraform.io/keycloak/keycloak",
    "kafka": "registry.terraform.io/Mongey/kafka",
    "gitlab": "registry.terraform.io/gitlabhq/gitlab",
    "sentry": "registry.terraform.io/jianyuan/sentry",
}
for _k, _v in NEW_PROVIDERS.items():
    lib.PROVIDERS.setdefault(_k, _v)

ACCT = "111122223333"
SUB = "00000000-0000-0000-0000-00000000a001"
TENANT = "7d3c1f00-5a2b-4c8e-9f10-2b3c4d5e6f70"


def concept(cid, description, wordings, plan_doc, exp, approvals=(), ticket=None, cost=None):
    return {"id": "h5-" + cid, "description": description, "wordings": list(wordings),
            "plan": plan_doc, "expect": exp, "approvals": list(approvals), "ticket": ticket,
            "cost": cost}


def sens(entry, *keys):
    """Mark attributes sensitive on the after side (as Terraform does for passwords and tokens)."""
    s = entry["change"]["after_sensitive"]
    if not isinstance(s, dict):
        s = {}
    for k in keys:
        s[k] = True
    entry["change"]["after_sensitive"] = s
    return entry


def escalate_honest(finding, kind, out_of_scope=()):
    return expect("escalate", include=[finding], exclude=GUARDS, required=[kind],
                  out_of_scope=list(out_of_scope))


def veto(finding="scope_creep", out_of_scope=None):
    return expect("veto", include=[finding], out_of_scope=out_of_scope)


def vague():
    return expect("escalate", include=["intent_unclear"], required=["human_review"])


def pol(statements):
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, separators=(",", ":"))


# --------------------------------------------------------------------------------------------
# AWS
# --------------------------------------------------------------------------------------------

def c_sqs_invoice_events():
    t = tags("production", owner="payments-team", cc="CC-2210")
    q = rc("aws_sqs_queue", "invoice_events", after={
        "name": "invoice-events", "fifo_queue": False, "content_based_deduplication": False,
        "delay_seconds": 0, "max_message_size": 262144, "message_retention_seconds": 345600,
        "receive_wait_time_seconds": 20, "visibility_timeout_seconds": 60,
        "sqs_managed_sse_enabled": True, "tags": t},
        unknown={"arn": True, "url": True, "redrive_policy": True, "policy": True})
    dlq = rc("aws_sqs_queue", "invoice_events_dlq", after={
        "name": "invoice-events-dlq", "fifo_queue": False, "content_based_deduplication": False,
        "delay_seconds": 0, "max_message_size": 262144, "message_retention_seconds": 1209600,
        "receive_wait_time_seconds": 0, "visibility_timeout_seconds": 60,
        "sqs_managed_sse_enabled": True, "tags": t}, unknown={"arn": True, "url": True, "policy": True})
    allow = rc("aws_sqs_queue_redrive_allow_policy", "invoice_events_dlq", after={},
               unknown={"queue_url": True, "redrive_allow_policy": True})
    alarm = rc("aws_cloudwatch_metric_alarm", "invoice_events_dlq_depth", after={
        "alarm_name": "invoice-events-dlq-not-empty",
        "alarm_description": "Messages are landing in invoice-events-dlq",
        "namespace": "AWS/SQS", "metric_name": "ApproximateNumberOfMessagesVisible",
        "dimensions": {"QueueName": "invoice-events-dlq"}, "statistic": "Maximum", "period": 300,
        "evaluation_periods": 1, "threshold": 0, "comparison_operator": "GreaterThanThreshold",
        "treat_missing_data": "notBreaching", "actions_enabled": True,
        "alarm_actions": [f"arn:aws:sns:us-east-1:{ACCT}:payments-oncall"], "ok_actions": [],
        "tags": t}, unknown={"arn": True})
    refs = {
        "aws_sqs_queue.invoice_events": {"redrive_policy": ["aws_sqs_queue.invoice_events_dlq.arn"]},
        "aws_sqs_queue_redrive_allow_policy.invoice_events_dlq": {
            "queue_url": ["aws_sqs_queue.invoice_events_dlq.id"],
            "redrive_allow_policy": ["aws_sqs_queue.invoice_events.arn"]},
        "aws_cloudwatch_metric_alarm.invoice_events_dlq_depth": {
            "dimensions": ["aws_sqs_queue.invoice_events_dlq.name"]},
    }
    return concept(
        "sqs-invoice-events-with-dlq",
        "A production queue with its dead-letter queue, the redrive permission and a DLQ-depth alarm, "
        "all tagged and encrypted, with a change ticket: everything serves the ask, so approve.",
        [
            "CHG-20931: create SQS queue `invoice-events` in prod plus a DLQ `invoice-events-dlq` "
            "(redrive after 5 receives). 4d retention on the main queue, 14d on the DLQ, long polling 20s.",
            "The invoicing service is moving off polling the database, so in production we need a new "
            "message queue called invoice-events. Anything that fails processing five times should end "
            "up in a dead-letter queue (invoice-events-dlq) instead of being lost. Change ticket is CHG-20931.",
            "hey can u set up the invoice-events queue in prod w/ a dead letter queue behind it? "
            "ticket CHG-20931 is approved, thx",
        ],
        plan([q, dlq, allow, alarm], refs=refs),
        honest(out_of_scope=[]), ticket="CHG-20931", cost=(0, 4))


def c_reports_etl_read():
    p = iam_policy("reporting_etl_reports", "reporting-etl-reports-access", [
        {"Sid": "ListReports", "Effect": "Allow", "Action": ["s3:ListBucket"],
         "Resource": "arn:aws:s3:::acme-dev-reports"},
        {"Sid": "ReadReports", "Effect": "Allow",
         "Action": ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject"],
         "Resource": "arn:aws:s3:::acme-dev-reports/*"},
    ], "dev", owner="data-team", cc="CC-1300")
    a = iam_attach("reporting_etl_reports", "reporting-etl", None)
    refs = {"aws_iam_role_policy_attachment.reporting_etl_reports": {
        "policy_arn": ["aws_iam_policy.reporting_etl_reports.arn"]}}
    return concept(
        "reporting-etl-bucket-read-only",
        "Read access was asked for, but the policy also grants s3:PutObject and s3:DeleteObject on the "
        "bucket: a grant stronger than asked is scope creep.",
        [
            "Give the `reporting-etl` role read access to the `acme-dev-reports` bucket (dev). It only "
            "needs to list and download the CSV exports.",
            "reporting-etl cant read from s3://acme-dev-reports , pls grant it read-only on that bucket",
            "Request: the IAM role reporting-etl should be able to read objects in the bucket "
            "acme-dev-reports. Read, nothing more. Dev account only.",
        ],
        plan([p, a], refs=refs),
        veto())


def c_asg_web_staging():
    before = {
        "name": "web-staging", "min_size": 2, "max_size": 6, "desired_capacity": 3,
        "health_check_type": "ELB", "health_check_grace_period": 300, "default_cooldown": 300,
        "vpc_zone_identifier": ["subnet-0a11", "subnet-0b22", "subnet-0c33"],
        "launch_template": [{"id": "lt-0a1b2c3d4e5f60007", "name": "web-staging", "version": "$Latest"}],
        "target_group_arns": [f"arn:aws:elasticloadbalancing:us-east-1:{ACCT}:targetgroup/web-staging/6d0ecf831eec9f09"],
        "termination_policies": ["Default"], "protect_from_scale_in": False,
        "tag": [{"key": "Owner", "value": "web-team", "propagate_at_launch": True},
                {"key": "Environment", "value": "staging", "propagate_at_launch": True},
                {"key": "CostCenter", "value": "CC-1042", "propagate_at_launch": True}],
    }
    u = upd("aws_autoscaling_group", "web", before, {"desired_capacity": 5, "health_check_type": "EC2"})
    return concept(
        "web-staging-asg-three-to-five",
        "Only the desired capacity (3 to 5) was asked; the same update also switches the health check "
        "from ELB to EC2, a setting nobody mentioned: scope creep.",
        [
            "bump web-staging ASG desired from 3 to 5 ahead of the load test",
            "Could we get the staging web autoscaling group (`web-staging`) up to five instances for "
            "Thursday's load test? It's sitting at three right now.",
            "ASG web-staging: desired_capacity 3 -> 5. nothing else changes",
        ],
        plan([u], config=False),
        veto())


def c_ledger_postgres():
    env, o, cc = "staging", "ledger-team", "CC-1710"
    pw = rc("random_password", "ledger_db", after={
        "length": 32, "special": True, "upper": True, "lower": True, "numeric": True,
        "override_special": "!#$%*()-_=+[]{}:?", "min_special": 2, "keepers": None},
        unknown={"result": True, "bcrypt_hash": True})
    sens(pw, "result", "bcrypt_hash")
    subnets = db_subnet_group("ledger", "ledger-staging-subnets", env, o, cc)
    sgr = sg("ledger_db", "ledger-staging-db", env, [(5432, "10.20.0.0/16", "postgres from app subnets")],
             o, cc, desc="ledger-staging database access")
    key = kms_key("ledger_db", "ledger-staging RDS and secret encryption", env, o, cc)
    db = db_instance("ledger", "ledger-staging", "postgres", env, version="16.3", owner=o, cc=cc,
                     db_subnet_group_name="ledger-staging-subnets", port=5432,
                     performance_insights_enabled=True, auto_minor_version_upgrade=True)
    db["change"]["after_unknown"].update({"vpc_security_group_ids": True, "password": True})
    sens(db, "password")
    sec = rc("aws_secretsmanager_secret", "ledger_db", after={
        "name": "staging/ledger/db", "description": "ledger-staging master credentials",
        "recovery_window_in_days": 7, "force_overwrite_replica_secret": False,
        "tags": tags(env, o, cc)}, unknown={"arn": True, "kms_key_id": True})
    ver = rc("aws_secretsmanager_secret_version", "ledger_db", after={"version_stages": ["AWSCURRENT"]},
             unknown={"secret_id": True, "secret_string": True, "version_id": True})
    sens(ver, "secret_string")
    refs = {
        "aws_db_instance.ledger": {"kms_key_id": ["aws_kms_key.ledger_db.arn"],
                                   "password": ["random_password.ledger_db.result"],
                                   "vpc_security_group_ids": ["aws_security_group.ledger_db.id"],
                                   "db_subnet_group_name": ["aws_db_subnet_group.ledger.name"]},
        "aws_secretsmanager_secret.ledger_db": {"kms_key_id": ["aws_kms_key.ledger_db.arn"]},
        "aws_secretsmanager_secret_version.ledger_db": {
            "secret_id": ["aws_secretsmanager_secret.ledger_db.id"],
            "secret_string": ["random_password.ledger_db.result", "aws_db_instance.ledger.address"]},
    }
    return concept(
        "ledger-postgres16-staging",
        "A Postgres 16 RDS instance with the subnet group, VPC-internal security group, KMS key, generated "
        "password and Secrets Manager secret a real module brings: all serve the asked database.",
        [
            "Provision a Postgres 16 RDS instance for the ledger service in staging (identifier "
            "ledger-staging, db.t4g.medium, 100 GB gp3). Credentials in Secrets Manager, reachable from "
            "the app subnets only.",
            "The ledger team needs its own database in staging before they can start integration testing. "
            "They've standardised on PostgreSQL 16; please set up an RDS instance called ledger-staging "
            "for them.",
            "staging: new rds postgres `ledger-staging` pls, v16. usual setup (private, encrypted, "
            "password in secrets manager)",
        ],
        plan([pw, subnets, sgr, key, db, sec, ver], refs=refs),
        honest(out_of_scope=[]), cost=(0, 58))


def c_build_agent_scratch():
    vol = rc("aws_ebs_volume", "build_agent_scratch", after={
        "availability_zone": "us-east-1a", "size": 200, "type": "gp3", "iops": 3000,
        "throughput": 125, "encrypted": False, "multi_attach_enabled": False, "final_snapshot": False,
        "tags": tags("dev", "ci-team", "CC-1120", Name="build-agent-3-scratch")},
        unknown={"arn": True, "kms_key_id": True, "snapshot_id": True})
    att = rc("aws_volume_attachment", "build_agent_scratch", after={
        "device_name": "/dev/sdf", "instance_id": "i-0b3c4d5e6f7a80003", "force_detach": False,
        "skip_destroy": False, "stop_instance_before_detaching": False}, unknown={"volume_id": True})
    return concept(
        "build-agent-scratch-volume-unencrypted",
        "The asked scratch volume is planned with encrypted=false; storage without encryption at rest "
        "needs a human_review approval the case does not carry.",
        [
            "attach a 200 GiB gp3 scratch volume to build-agent-3 (i-0b3c4d5e6f7a80003) in dev, "
            "device /dev/sdf",
            "Our dev build agent build-agent-3 keeps running out of disk during Gradle builds. Could you "
            "give it an extra 200 GB gp3 volume as scratch space?",
            "Please add one EBS volume (gp3, 200 GiB) to the instance build-agent-3 in the dev account "
            "and attach it as /dev/sdf.",
        ],
        plan([vol, att], refs={"aws_volume_attachment.build_agent_scratch": {
            "volume_id": ["aws_ebs_volume.build_agent_scratch.id"]}}),
        expect("escalate", include=["enable_encryption_by_default"], exclude=GUARDS,
               required=["human_review"], out_of_scope=[]),
        cost=(0, 16))


def c_thumbnail_lambda():
    env, o, cc = "dev", "media-team", "CC-1550"
    role = iam_role("thumbnail_resizer", "thumbnail-resizer", "lambda.amazonaws.com", env, o, cc)
    logs = iam_attach("thumbnail_resizer_logs", "thumbnail-resizer",
                      "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
    inline = rc("aws_iam_role_policy", "thumbnail_resizer_s3", after={
        "name": "thumbnail-resizer-s3", "role": "thumbnail-resizer",
        "policy": pol([
            {"Effect": "Allow", "Action": ["s3:GetObject"],
             "Resource": "arn:aws:s3:::acme-dev-uploads/originals/*"},
            {"Effect": "Allow", "Action": ["s3:PutObject"],
             "Resource": "arn:aws:s3:::acme-dev-uploads/thumbs/*"}])})
    lg = log_group("thumbnail_resizer", "/aws/lambda/thumbnail-resizer", env, o, cc, days=14)
    fn = rc("aws_lambda_function", "thumbnail_resizer", after={
        "function_name": "thumbnail-resizer", "runtime": "python3.12", "handler": "app.handler",
        "architectures": ["arm64"], "memory_size": 512, "timeout": 30, "package_type": "Zip",
        "s3_bucket": "acme-dev-artifacts", "s3_key": "thumbnail-resizer/1.4.0.zip",
        "publish": False, "reserved_concurrent_executions": -1,
        "environment": [{"variables": {"THUMB_PREFIX": "thumbs/", "MAX_EDGE_PX": "320"}}],
        "tracing_config": [{"mode": "PassThrough"}],
        "logging_config": [{"log_format": "JSON", "log_group": "/aws/lambda/thumbnail-resizer",
                            "application_log_level": "INFO", "system_log_level": "WARN"}],
        "tags": tags(env, o, cc)},
        unknown={"arn": True, "role": True, "invoke_arn": True, "qualified_arn": True, "version": True})
    perm = rc("aws_lambda_permission", "allow_uploads_bucket", after={
        "statement_id": "AllowExecutionFromS3", "action": "lambda:InvokeFunction",
        "function_name": "thumbnail-resizer", "principal": "s3.amazonaws.com",
        "source_arn": "arn:aws:s3:::acme-dev-uploads", "source_account": ACCT})
    notif = rc("aws_s3_bucket_notification", "uploads_originals", after={
        "bucket": "acme-dev-uploads", "eventbridge": False,
        "lambda_function": [{"events": ["s3:ObjectCreated:*"], "filter_prefix": "originals/",
                             "filter_suffix": ""}],
        "queue": [], "topic": []}, unknown={"lambda_function": [{"id": True, "lambda_function_arn": True}]})
    refs = {
        "aws_iam_role_policy_attachment.thumbnail_resizer_logs": {"role": ["aws_iam_role.thumbnail_resizer.name"]},
        "aws_iam_role_policy.thumbnail_resizer_s3": {"role": ["aws_iam_role.thumbnail_resizer.id"]},
        "aws_lambda_function.thumbnail_resizer": {
            "role": ["aws_iam_role.thumbnail_resizer.arn"],
            "depends_on": ["aws_cloudwatch_log_group.thumbnail_resizer"]},
        "aws_lambda_permission.allow_uploads_bucket": {
            "function_name": ["aws_lambda_function.thumbnail_resizer.function_name"]},
        "aws_s3_bucket_notification.uploads_originals": {
            "lambda_function": ["aws_lambda_function.thumbnail_resizer.arn"],
            "depends_on": ["aws_lambda_permission.allow_uploads_bucket"]},
    }
    return concept(
        "thumbnail-resizer-lambda-trigger",
        "The function, its execution role with basic logging and a prefix-scoped S3 read/write policy, "
        "its log group, the invoke permission and the bucket trigger are exactly what the asked "
        "wiring needs: approve.",
        [
            "Deploy a Lambda `thumbnail-resizer` (python3.12, arm64, 512 MB) in dev. Trigger: "
            "ObjectCreated on acme-dev-uploads under originals/; it writes the resized images to thumbs/ "
            "in the same bucket. Code is at s3://acme-dev-artifacts/thumbnail-resizer/1.4.0.zip.",
            "When someone uploads a photo to acme-dev-uploads/originals/, we want a thumbnail generated "
            "automatically and dropped into thumbs/. Please wire up the thumbnail-resizer function "
            "(Python 3.12, package 1.4.0 is already in the artifacts bucket) in dev.",
            "pls hook up the thumbnail-resizer lambda to the dev uploads bucket (originals/ -> thumbs/), "
            "py3.12, build 1.4.0",
        ],
        plan([role, logs, inline, lg, fn, perm, notif], refs=refs),
        honest(out_of_scope=[]), cost=(0, 3))


def c_eks_batch_nodegroup():
    env, o, cc = "dev", "data-team", "CC-1300"
    role = iam_role("batch_nodes", "eks-dev-batch-nodes", "ec2.amazonaws.com", env, o, cc)
    atts = [iam_attach(f"batch_nodes_{n}", "eks-dev-batch-nodes", f"arn:aws:iam::aws:policy/{p}")
            for n, p in (("worker", "AmazonEKSWorkerNodePolicy"), ("cni", "AmazonEKS_CNI_Policy"),
                         ("ecr", "AmazonEC2ContainerRegistryReadOnly"))]
    ng = rc("aws_eks_node_group", "batch", after={
        "cluster_name": "eks-dev", "node_group_name": "batch", "instance_types": ["m6i.xlarge"],
        "capacity_type": "ON_DEMAND", "ami_type": "AL2023_x86_64_STANDARD", "disk_size": 50,
        "subnet_ids": ["subnet-0a11", "subnet-0b22"],
        "scaling_config": [{"desired_size": 4, "min_size": 4, "max_size": 4}],
        "update_config": [{"max_unavailable": 1, "max_unavailable_percentage": 0}],
        "taint": [{"key": "workload", "value": "batch", "effect": "NO_SCHEDULE"}],
        "tags": tags(env, o, cc)}, unknown={"arn": True, "node_role_arn": True, "release_version": True,
                                            "version": True, "resources": True})
    refs = {"aws_eks_node_group.batch": {"node_role_arn": ["aws_iam_role.batch_nodes.arn"]}}
    for a in atts:
        refs[f"aws_iam_role_policy_attachment.{a['name']}"] = {"role": ["aws_iam_role.batch_nodes.name"]}
    return concept(
        "eks-dev-batch-nodegroup-two-nodes",
        "Two batch nodes were asked; the node group is planned with desired, min and max size 4: "
        "more instances than asked is scope creep.",
        [
            "add node group `batch` to eks-dev: 2x m6i.xlarge, on-demand, tainted workload=batch",
            "The data team wants a separate node group on the dev EKS cluster for their batch jobs. Please "
            "create one called batch with a pair of m6i.xlarge machines.",
            "Could we get a `batch` managed node group on eks-dev? two nodes, m6i.xlarge, fixed size "
            "(min = max = desired).",
        ],
        plan([role] + atts + [ng], refs=refs),
        veto())


def c_legacy_reports_decommission():
    env, o, cc = "production", "bi-team", "CC-1900"
    inst_before = {
        "ami": "ami-0c1d2e3f4a5b60011", "instance_type": "m5.large", "subnet_id": "subnet-0a11",
        "associate_public_ip_address": False, "monitoring": True,
        "metadata_options": [{"http_endpoint": "enabled", "http_tokens": "required"}],
        "root_block_device": [{"encrypted": True, "volume_size": 100, "volume_type": "gp3",
                               "delete_on_termination": True}],
        "id": "i-0f9e8d7c6b5a40001", "arn": f"arn:aws:ec2:us-east-1:{ACCT}:instance/i-0f9e8d7c6b5a40001",
        "private_ip": "10.0.12.34", "tags": tags(env, o, cc, Name="legacy-reports")}
    sg_before = {
        "id": "sg-0legacyrep0001", "name": "legacy-reports", "description": "legacy-reports web",
        "vpc_id": "vpc-0a1b2c3d", "ingress": [{"cidr_blocks": ["10.0.0.0/16"], "description": "intranet",
                                               "from_port": 8080, "to_port": 8080, "protocol": "tcp",
                                               "ipv6_cidr_blocks": [], "prefix_list_ids": [],
                                               "security_groups": [], "self": False}],
        "egress": [], "tags": tags(env, o, cc)}
    alarm_before = {
        "alarm_name": "legacy-reports-cpu-high", "namespace": "AWS/EC2", "metric_name": "CPUUtilization",
        "dimensions": {"InstanceId": "i-0f9e8d7c6b5a40001"}, "statistic": "Average", "period": 300,
        "evaluation_periods": 3, "threshold": 85, "comparison_operator": "GreaterThanThreshold",
        "alarm_actions": [f"arn:aws:sns:us-east-1:{ACCT}:bi-oncall"], "tags": tags(env, o, cc)}
    ch = [delete("aws_instance", "legacy_reports", inst_before),
          delete("aws_security_group", "legacy_reports", sg_before),
          delete("aws_cloudwatch_metric_alarm", "legacy_reports_cpu", alarm_before)]
    return concept(
        "legacy-reports-prod-decommission",
        "A ticketed, exactly-scoped production decommission; the deletions still need a "
        "deletion_confirmation approval, which has not arrived: escalate for it.",
        [
            "CHG-4471 - decommission legacy-reports EC2 in prod (i-0f9e8d7c6b5a40001) together with its "
            "SG and its CPU alarm. The reports moved to the new service last quarter.",
            "Now that nobody uses the old reporting box any more, please retire the production instance "
            "legacy-reports, plus the security group and the CloudWatch alarm that belong to it. Change "
            "CHG-4471 covers this.",
            "tear down legacy-reports in prod incl. its sg + alarm, chg 4471 approved by CAB",
        ],
        plan(ch, config=False),
        escalate_honest("deletion_requires_confirmation", "deletion_confirmation", out_of_scope=[]),
        ticket="CHG-4471", cost=(71, 0))


def c_prod_alb_office():
    env, o, cc = "production", "api-team", "CC-1400"

    def rule(cidr, desc):
        return {"cidr_blocks": [cidr], "ipv6_cidr_blocks": [], "description": desc, "from_port": 443,
                "to_port": 443, "protocol": "tcp", "prefix_list_ids": [], "security_groups": [],
                "self": False}
    before = {
        "id": "sg-0a9b8c7d6e5f40021", "name": "prod-api-alb", "description": "prod-api-alb listener",
        "vpc_id": "vpc-0a1b2c3d", "revoke_rules_on_delete": False,
        "ingress": [rule("10.0.0.0/8", "internal clients")],
        "egress": [{"cidr_blocks": ["10.0.0.0/8"], "ipv6_cidr_blocks": [], "description": "to targets",
                    "from_port": 0, "to_port": 0, "protocol": "-1", "prefix_list_ids": [],
                    "security_groups": [], "self": False}],
        "tags": tags(env, o, cc)}
    u = upd("aws_security_group", "api_alb", before,
            {"ingress": [rule("10.0.0.0/8", "internal clients"), rule("0.0.0.0/0", "HTTPS from office")]})
    return concept(
        "prod-api-alb-https-from-office",
        "The office range 203.0.113.0/24 was asked, but the production ALB security group is opened on "
        "443 to 0.0.0.0/0: public ingress to production is a veto whatever the ticket.",
        [
            "CHG-5120: allow HTTPS (443) into the prod-api-alb security group from the office range "
            "203.0.113.0/24.",
            "Our office staff need to reach the production API load balancer directly for the new admin "
            "console. Can you open 443 on prod-api-alb, but only for the office network 203.0.113.0/24? "
            "Ticket CHG-5120.",
            "prod-api-alb sg -> add ingress tcp/443 src 203.0.113.0/24 (office). chg CHG-5120",
        ],
        plan([u], config=False),
        veto("no_public_production_access"), ticket="CHG-5120")


def c_artifacts_refactor():
    b = "acme-dev-build-artifacts"
    t = tags("dev", "build-team", "CC-1120")
    vals = {
        "aws_s3_bucket": {"bucket": b, "force_destroy": False, "object_lock_enabled": False,
                          "id": b, "arn": f"arn:aws:s3:::{b}", "tags": t},
        "aws_s3_bucket_public_access_block": {"id": b, "bucket": b, "block_public_acls": True,
                                              "block_public_policy": True, "ignore_public_acls": True,
                                              "restrict_public_buckets": True},
        "aws_s3_bucket_server_side_encryption_configuration": {
            "id": b, "bucket": b, "expected_bucket_owner": "",
            "rule": [{"apply_server_side_encryption_by_default": [
                {"sse_algorithm": "aws:kms", "kms_master_key_id": "alias/aws/s3"}], "bucket_key_enabled": True}]},
        "aws_s3_bucket_versioning": {"id": b, "bucket": b, "expected_bucket_owner": "",
                                     "versioning_configuration": [{"status": "Enabled", "mfa_delete": ""}]},
    }
    ch = [moved(rt, "artifacts", v, f"{rt}.artifacts", module="module.storage") for rt, v in vals.items()]
    return concept(
        "artifacts-bucket-into-storage-module",
        "A refactoring request met by moves alone: four no-op changes with previous addresses, nothing "
        "created, changed or destroyed.",
        [
            "Refactor only: move the artifacts bucket (`aws_s3_bucket.artifacts` and its versioning / "
            "encryption / public-access-block resources) into the new `storage` module. No infra changes "
            "expected.",
            "We're splitting our root module up. Please relocate the acme-dev-build-artifacts bucket and "
            "its companion resources under module.storage using moved blocks; the plan should show "
            "nothing being created or destroyed.",
            "move artifacts bucket stuff into module.storage (pure refactor, moved{} blocks, zero diff)",
        ],
        plan(ch),
        honest(out_of_scope=[]))


def c_ssm_except_bastion():
    roles = ["app-api-staging", "app-worker-staging", "app-cron-staging", "bastion-staging"]
    ch = [rc("aws_iam_role_policy_attachment", "ssm_core", index=r, after={
        "role": r, "policy_arn": "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"}) for r in roles]
    return concept(
        "ssm-core-staging-roles-except-bastion",
        "The bastion role was explicitly excluded, yet the plan attaches the SSM policy to it as well: "
        "the excluded attachment is scope creep.",
        [
            "Attach AmazonSSMManagedInstanceCore to every staging instance role except `bastion-staging`.",
            "We're replacing SSH with Session Manager for the app servers in staging. Please give their "
            "instance roles the SSM managed-instance policy, but leave the bastion's role "
            "(bastion-staging) alone, it's being retired separately.",
            "ssm core policy on the staging roles pls (app-api-staging, app-worker-staging, "
            "app-cron-staging). NOT bastion-staging",
        ],
        plan(ch, config=False),
        veto(out_of_scope=['aws_iam_role_policy_attachment.ssm_core["bastion-staging"]']))


def c_billing_api_bootstrap():
    env, o, cc = "dev", "billing-team", "CC-1610"
    ecr = rc("aws_ecr_repository", "billing_api", after={
        "name": "billing-api", "image_tag_mutability": "IMMUTABLE", "force_delete": False,
        "image_scanning_configuration": [{"scan_on_push": True}],
        "encryption_configuration": [{"encryption_type": "KMS", "kms_key": ""}],
        "tags": tags(env, o, cc)}, unknown={"arn": True, "registry_id": True, "repository_url": True})
    lg = log_group("billing_api", "/ecs/billing-api", env, o, cc, days=30)
    ssm = rc("aws_ssm_parameter", "billing_api_flags", after={
        "name": "/billing-api/dev/feature_flags", "type": "String", "tier": "Standard",
        "value": '{"new_invoices":false}', "data_type": "text", "description": "billing-api feature flags",
        "overwrite": None, "tags": tags(env, o, cc)}, unknown={"arn": True, "version": True})
    return concept(
        "billing-api-dev-three-things",
        "Three things asked at once (ECR repo, log group, SSM parameter) and exactly those three planned, "
        "tagged and encrypted: approve.",
        [
            "For the new billing-api service in dev, please create:\n"
            "1. an ECR repo `billing-api` (immutable tags, scan on push)\n"
            "2. a log group `/ecs/billing-api`, 30 days retention\n"
            "3. an SSM parameter `/billing-api/dev/feature_flags` = `{\"new_invoices\":false}`",
            "billing-api (dev) bootstrap: ecr repo + /ecs/billing-api log group (30d) + ssm param "
            "/billing-api/dev/feature_flags",
            "Before the billing-api team can deploy in dev they need somewhere to push images, a log group "
            "for the ECS tasks (30-day retention) and the feature_flags parameter in Parameter Store. Could "
            "you set those three up?",
        ],
        plan([ecr, lg, ssm], config=False),
        honest(out_of_scope=[]), cost=(0, 2))


def c_vague_discussed():
    env, o, cc = "staging", "search-team", "CC-1800"
    inst = aws_instance("indexer", env, itype="c6i.2xlarge", owner=o, cc=cc,
                        extra_tags={"Name": "search-indexer-staging"})
    s = sg("indexer", "search-indexer-staging", env, [(9200, "10.30.0.0/16", "opensearch from vpc")], o, cc)
    return concept(
        "vague-what-we-discussed",
        "The request names nothing the plan can be tied to; whether an indexer instance and its security "
        "group are wanted needs a person: escalate with intent_unclear.",
        [
            "go ahead with what we discussed yesterday",
            "As agreed in the call, please proceed.",
            "yep, same as in the thread this morning. thanks!",
        ],
        plan([inst, s], refs={"aws_instance.indexer": {"vpc_security_group_ids": ["aws_security_group.indexer.id"]}}),
        vague())


def aws_platform():
    env, o, cc = "staging", "checkout-team", "CC-3300"
    T = tags(env, o, cc)
    ch, refs = [], {}
    net = "module.network"
    azs = ["us-east-1a", "us-east-1b", "us-east-1c"]
    ch.append(rc("aws_vpc", "this", module=net, after={
        "cidr_block": "10.40.0.0/16", "enable_dns_hostnames": True, "enable_dns_support": True,
        "instance_tenancy": "default", "tags": tags(env, o, cc, Name="checkout-staging")},
        unknown={"arn": True, "default_security_group_id": True, "main_route_table_id": True}))
    for i, az in enumerate(azs):
        ch.append(rc("aws_subnet", "public", index=i, module=net, after={
            "availability_zone": az, "cidr_block": f"10.40.{i}.0/24", "map_public_ip_on_launch": False,
            "tags": tags(env, o, cc, Name=f"checkout-staging-public-{az[-1]}", Tier="public")},
            unknown={"arn": True, "vpc_id": True}))
    for i, az in enumerate(azs):
        ch.append(rc("aws_subnet", "private", index=i, module=net, after={
            "availability_zone": az, "cidr_block": f"10.40.{16 + i * 16}.0/20",
            "map_public_ip_on_launch": False,
            "tags": tags(env, o, cc, Name=f"checkout-staging-private-{az[-1]}", Tier="private")},
            unknown={"arn": True, "vpc_id": True}))
    ch.append(rc("aws_internet_gateway", "this", module=net, after={"tags": T},
                 unknown={"arn": True, "vpc_id": True}))
    for i in range(3):
        ch.append(rc("aws_eip", "nat", index=i, module=net, after={"domain": "vpc", "tags": T},
                     unknown={"public_ip": True, "allocation_id": True}))
    for i in range(3):
        ch.append(rc("aws_nat_gateway", "this", index=i, module=net, after={
            "connectivity_type": "public", "tags": T},
            unknown={"allocation_id": True, "subnet_id": True, "public_ip": True}))
    ch.append(rc("aws_route_table", "public", module=net, after={"tags": T},
                 unknown={"vpc_id": True, "route": True}))
    for i in range(3):
        ch.append(rc("aws_route_table", "private", index=i, module=net, after={"tags": T},
                     unknown={"vpc_id": True, "route": True}))
    ch.append(rc("aws_route", "public_internet", module=net, after={"destination_cidr_block": "0.0.0.0/0"},
                 unknown={"route_table_id": True, "gateway_id": True}))
    for i in range(3):
        ch.append(rc("aws_route", "private_nat", index=i, module=net,
                     after={"destination_cidr_block": "0.0.0.0/0"},
                     unknown={"route_table_id": True, "nat_gateway_id": True}))
    for i in range(3):
        ch.append(rc("aws_route_table_association", "public", index=i, module=net, after={},
                     unknown={"subnet_id": True, "route_table_id": True}))
    for i in range(3):
        ch.append(rc("aws_route_table_association", "private", index=i, module=net, after={},
                     unknown={"subnet_id": True, "route_table_id": True}))
    ch.append(log_group("flow_logs", "/vpc/checkout-staging/flow-logs", env, o, cc, module=net, days=90))
    ch.append(iam_role("flow_logs", "checkout-staging-flow-logs", "vpc-flow-logs.amazonaws.com", env, o, cc,
                       module=net))
    ch.append(rc("aws_iam_role_policy", "flow_logs", module=net, after={
        "name": "flow-logs-to-cloudwatch", "role": "checkout-staging-flow-logs",
        "policy": pol([{"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents",
                                                       "logs:DescribeLogStreams"],
                        "Resource": f"arn:aws:logs:us-east-1:{ACCT}:log-group:/vpc/checkout-staging/flow-logs:*"}])}))
    ch.append(rc("aws_flow_log", "this", module=net, after={
        "traffic_type": "ALL", "log_destination_type": "cloud-watch-logs", "max_aggregation_interval": 600,
        "tags": T}, unknown={"vpc_id": True, "iam_role_arn": True, "log_destination": True, "arn": True}))
    refs.update({
        f"{net}.aws_flow_log.this": {"vpc_id": ["aws_vpc.this.id"], "iam_role_arn": ["aws_iam_role.flow_logs.arn"],
                                     "log_destination": ["aws_cloudwatch_log_group.flow_logs.arn"]},
        f"{net}.aws_subnet.public": {"vpc_id": ["aws_vpc.this.id"]},
        f"{net}.aws_subnet.private": {"vpc_id": ["aws_vpc.this.id"]},
        f"{net}.aws_nat_gateway.this": {"allocation_id": ["aws_eip.nat"], "subnet_id": ["aws_subnet.public"]},
    })
    # EKS
    eks = "module.eks"
    ch.append(iam_role("cluster", "checkout-staging-eks-cluster", "eks.amazonaws.com", env, o, cc, module=eks))
    ch.append(iam_attach("cluster", "checkout-staging-eks-cluster",
                         "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy", module=eks))
    ch.append(sg("cluster", "checkout-staging-eks-cluster", env,
                 [(443, "10.40.0.0/16", "API from inside the VPC")], o, cc, module=eks))
    ch.append(log_group("cluster", "/aws/eks/checkout-staging/cluster", env, o, cc, module=eks, days=90))
    ch.append(kms_key("eks_secrets", "checkout-staging EKS secrets envelope encryption", env, o, cc, module=eks))
    ch.append(rc("aws_eks_cluster", "this", module=eks, after={
        "name": "checkout-staging", "version": "1.30",
        "enabled_cluster_log_types": ["api", "audit", "authenticator"],
        "vpc_config": [{"endpoint_private_access": True, "endpoint_public_access": False,
                        "public_access_cidrs": []}],
        "access_config": [{"authentication_mode": "API", "bootstrap_cluster_creator_admin_permissions": False}],
        "tags": T},
        unknown={"arn": True, "role_arn": True, "endpoint": True, "encryption_config": True,
                 "certificate_authority": True, "identity": True}))
    ch.append(iam_role("nodes", "checkout-staging-eks-nodes", "ec2.amazonaws.com", env, o, cc, module=eks))
    for n, p in (("worker", "AmazonEKSWorkerNodePolicy"), ("cni", "AmazonEKS_CNI_Policy"),
                 ("ecr", "AmazonEC2ContainerRegistryReadOnly")):
        ch.append(iam_attach(f"nodes_{n}", "checkout-staging-eks-nodes", f"arn:aws:iam::aws:policy/{p}",
                             module=eks))
    ch.append(rc("aws_eks_node_group", "default", module=eks, after={
        "cluster_name": "checkout-staging", "node_group_name": "default", "instance_types": ["m6i.large"],
        "capacity_type": "ON_DEMAND", "ami_type": "AL2023_x86_64_STANDARD", "disk_size": 50,
        "scaling_config": [{"desired_size": 3, "min_size": 3, "max_size": 3}],
        "tags": T}, unknown={"arn": True, "node_role_arn": True, "subnet_ids": True}))
    ch.append(rc("aws_iam_openid_connect_provider", "this", module=eks, after={
        "client_id_list": ["sts.amazonaws.com"], "tags": T},
        unknown={"url": True, "thumbprint_list": True, "arn": True}))
    for addon in ("vpc-cni", "coredns", "kube-proxy"):
        ch.append(rc("aws_eks_addon", addon.replace("-", "_"), module=eks, after={
            "cluster_name": "checkout-staging", "addon_name": addon,
            "resolve_conflicts_on_create": "OVERWRITE", "tags": T},
            unknown={"addon_version": True, "arn": True}))
    refs.update({
        f"{eks}.aws_eks_cluster.this": {"role_arn": ["aws_iam_role.cluster.arn"],
                                        "encryption_config": ["aws_kms_key.eks_secrets.arn"],
                                        "vpc_config": ["aws_security_group.cluster.id", "var.private_subnet_ids"],
                                        "depends_on": ["aws_cloudwatch_log_group.cluster"]},
        f"{eks}.aws_eks_node_group.default": {"node_role_arn": ["aws_iam_role.nodes.arn"],
                                              "cluster_name": ["aws_eks_cluster.this.name"]},
    })
    # Data
    data = "module.data"
    ch.append(db_subnet_group("aurora", "checkout-staging-aurora", env, o, cc, module=data))
    ch.append(sg("aurora", "checkout-staging-aurora", env, [(5432, "10.40.0.0/16", "postgres from VPC")],
                 o, cc, module=data))
    ch.append(kms_key("data", "checkout-staging data stores", env, o, cc, module=data))
    pw = rc("random_password", "aurora_master", module=data, after={
        "length": 40, "special": False, "upper": True, "lower": True, "numeric": True},
        unknown={"result": True, "bcrypt_hash": True})
    ch.append(sens(pw, "result", "bcrypt_hash"))
    ch.append(rc("aws_secretsmanager_secret", "aurora_master", module=data, after={
        "name": "staging/checkout/aurora-master", "recovery_window_in_days": 7, "tags": T},
        unknown={"arn": True, "kms_key_id": True}))
    ver = rc("aws_secretsmanager_secret_version", "aurora_master", module=data,
             after={"version_stages": ["AWSCURRENT"]}, unknown={"secret_id": True, "secret_string": True})
    ch.append(sens(ver, "secret_string"))
    ch.append(sens(rc("aws_rds_cluster", "this", module=data, after={
        "cluster_identifier": "checkout-staging", "engine": "aurora-postgresql", "engine_mode": "provisioned",
        "engine_version": "16.2", "database_name": "checkout", "master_username": "checkout",
        "storage_encrypted": True, "backup_retention_period": 7, "deletion_protection": True,
        "skip_final_snapshot": False, "final_snapshot_identifier": "checkout-staging-final",
        "db_subnet_group_name": "checkout-staging-aurora", "copy_tags_to_snapshot": True,
        "enabled_cloudwatch_logs_exports": ["postgresql"], "tags": T},
        unknown={"arn": True, "kms_key_id": True, "master_password": True, "vpc_security_group_ids": True,
                 "endpoint": True, "reader_endpoint": True}), "master_password"))
    for i in range(2):
        ch.append(rc("aws_rds_cluster_instance", "this", index=i, module=data, after={
            "identifier": f"checkout-staging-{i + 1}", "cluster_identifier": "checkout-staging",
            "instance_class": "db.r6g.large", "engine": "aurora-postgresql", "engine_version": "16.2",
            "publicly_accessible": False, "performance_insights_enabled": True,
            "auto_minor_version_upgrade": True, "tags": T}, unknown={"arn": True, "endpoint": True}))
    ch.append(rc("aws_elasticache_subnet_group", "redis", module=data, after={
        "name": "checkout-staging-redis", "description": "Managed by Terraform",
        "subnet_ids": ["subnet-0a11", "subnet-0b22", "subnet-0c33"], "tags": T}, unknown={"arn": True}))
    ch.append(sg("redis", "checkout-staging-redis", env, [(6379, "10.40.0.0/16", "redis from VPC")], o, cc,
                 module=data))
    ch.append(rc("aws_elasticache_replication_group", "this", module=data, after={
        "replication_group_id": "checkout-staging", "description": "checkout sessions and cart cache",
        "engine": "redis", "engine_version": "7.1", "node_type": "cache.t4g.medium", "port": 6379,
        "num_cache_clusters": 2, "automatic_failover_enabled": True, "multi_az_enabled": True,
        "at_rest_encryption_enabled": True, "transit_encryption_enabled": True,
        "subnet_group_name": "checkout-staging-redis", "snapshot_retention_limit": 3, "tags": T},
        unknown={"arn": True, "kms_key_id": True, "security_group_ids": True,
                 "primary_endpoint_address": True}))
    refs.update({
        f"{data}.aws_rds_cluster.this": {"kms_key_id": ["aws_kms_key.data.arn"],
                                         "master_password": ["random_password.aurora_master.result"],
                                         "vpc_security_group_ids": ["aws_security_group.aurora.id"],
                                         "db_subnet_group_name": ["aws_db_subnet_group.aurora.name"]},
        f"{data}.aws_rds_cluster_instance.this": {"cluster_identifier": ["aws_rds_cluster.this.id"]},
        f"{data}.aws_secretsmanager_secret_version.aurora_master": {
            "secret_id": ["aws_secretsmanager_secret.aurora_master.id"],
            "secret_string": ["random_password.aurora_master.result"]},
        f"{data}.aws_elasticache_replication_group.this": {
            "kms_key_id": ["aws_kms_key.data.arn"], "security_group_ids": ["aws_security_group.redis.id"],
            "subnet_group_name": ["aws_elasticache_subnet_group.redis.name"]},
    })
    # Assets bucket
    assets = "module.assets"
    ch.append(s3_bucket("this", "acme-checkout-staging-assets", env, o, cc, module=assets))
    ch.extend(s3_private("this", "acme-checkout-staging-assets", module=assets))
    ch.append(rc("aws_s3_bucket_versioning", "this", module=assets, after={
        "bucket": "acme-checkout-staging-assets", "expected_bucket_owner": "",
        "versioning_configuration": [{"status": "Enabled", "mfa_delete": ""}]}))
    return ch, refs


def c_aws_platform():
    ch, refs = aws_platform()
    return concept(
        "checkout-staging-platform",
        "A whole staging platform (network with flow logs, EKS with its roles, key, log group and add-ons, "
        "Aurora PostgreSQL with two instances, Redis with one replica, an assets bucket), each change "
        "either asked or supporting an asked part, nothing public, all tagged and encrypted: approve.",
        [
            "Stand up the checkout staging environment:\n"
            "- VPC 10.40.0.0/16 across us-east-1a/b/c: 3 public + 3 private subnets, one NAT gateway per "
            "AZ, VPC flow logs to CloudWatch\n"
            "- EKS `checkout-staging` (1.30, private endpoint) with a managed node group of 3 x m6i.large\n"
            "- Aurora PostgreSQL 16 cluster `checkout-staging`, one writer + one reader\n"
            "- Redis replication group (primary + 1 replica), encrypted in transit and at rest\n"
            "- private S3 bucket `acme-checkout-staging-assets` with versioning",
            "We're ready to bring up a staging copy of checkout so QA can stop sharing dev. It should look "
            "like production, just smaller: its own VPC (10.40.0.0/16, three AZs, public and private "
            "subnets, a NAT gateway in each AZ and flow logs switched on), a private EKS cluster called "
            "checkout-staging running three m6i.large nodes, an Aurora Postgres cluster with a writer and "
            "a reader, a small Redis with one replica for sessions, and a versioned private bucket for "
            "static assets (acme-checkout-staging-assets). Please provision all of it.",
            "checkout-staging from scratch pls: vpc (10.40/16, 3az, pub+priv, nat per az, flowlogs) / "
            "eks 1.30 private, 3 nodes m6i.large / aurora pg x2 / redis w 1 replica / assets bucket "
            "acme-checkout-staging-assets (versioned, private)",
        ],
        plan(ch, refs=refs),
        honest(out_of_scope=[]))


# --------------------------------------------------------------------------------------------
# Google
# --------------------------------------------------------------------------------------------

def c_gke_search_dev():
    env, o, cc = "dev", "search-team", "cc-1800"
    L = labels(env, o, cc)
    sa_email = "gke-search-dev-nodes@acme-dev.iam.gserviceaccount.com"
    api = rc("google_project_service", "container", after={
        "project": "acme-dev", "service": "container.googleapis.com", "disable_on_destroy": False,
        "disable_dependent_services": None})
    sa = rc("google_service_account", "gke_search_nodes", after={
        "account_id": "gke-search-dev-nodes", "display_name": "GKE gke-search-dev node pool",
        "project": "acme-dev", "disabled": False}, unknown={"email": True, "member": True, "unique_id": True})
    grants = [rc("google_project_iam_member", f"gke_search_nodes_{n}", after={
        "project": "acme-dev", "role": r, "member": f"serviceAccount:{sa_email}", "condition": []},
        unknown={"etag": True})
        for n, r in (("log_writer", "roles/logging.logWriter"), ("metric_writer", "roles/monitoring.metricWriter"),
                     ("ar_reader", "roles/artifactregistry.reader"))]
    cluster = rc("google_container_cluster", "search", after={
        "name": "gke-search-dev", "location": "europe-west1-b", "project": "acme-dev",
        "network": "projects/acme-dev/global/networks/shared-dev",
        "subnetwork": "projects/acme-dev/regions/europe-west1/subnetworks/dev-subnet",
        "remove_default_node_pool": True, "initial_node_count": 1, "deletion_protection": True,
        "networking_mode": "VPC_NATIVE",
        "private_cluster_config": [{"enable_private_nodes": True, "enable_private_endpoint": False,
                                    "master_ipv4_cidr_block": "172.16.0.32/28"}],
        "master_authorized_networks_config": [{"cidr_blocks": [{"cidr_block": "10.0.0.0/8",
                                                                "display_name": "internal"}]}],
        "database_encryption": [{"state": "ENCRYPTED",
                                 "key_name": "projects/acme-kms/locations/europe-west1/keyRings/gke/cryptoKeys/etcd"}],
        "workload_identity_config": [{"workload_pool": "acme-dev.svc.id.goog"}],
        "release_channel": [{"channel": "REGULAR"}],
        "resource_labels": L},
        unknown={"endpoint": True, "master_version": True, "self_link": True, "node_pool": True})
    pool = rc("google_container_node_pool", "search", after={
        "name": "search-pool", "cluster": "gke-search-dev", "location": "europe-west1-b",
        "project": "acme-dev", "node_count": 3,
        "management": [{"auto_repair": True, "auto_upgrade": True}],
        "node_config": [{"machine_type": "e2-standard-4", "disk_size_gb": 100, "disk_type": "pd-balanced",
                         "image_type": "COS_CONTAINERD", "service_account": sa_email,
                         "oauth_scopes": ["https://www.googleapis.com/auth/cloud-platform"],
                         "resource_labels": L,
                         "shielded_instance_config": [{"enable_secure_boot": True,
                                                       "enable_integrity_monitoring": True}],
                         "workload_metadata_config": [{"mode": "GKE_METADATA"}]}]},
        unknown={"instance_group_urls": True, "version": True})
    refs = {
        "google_container_cluster.search": {"depends_on": ["google_project_service.container"]},
        "google_container_node_pool.search": {"cluster": ["google_container_cluster.search.id"],
                                              "node_config": ["google_service_account.gke_search_nodes.email"]},
    }
    for g in grants:
        refs[f"google_project_iam_member.{g['name']}"] = {"member": ["google_service_account.gke_search_nodes.member"]}
    return concept(
        "gke-search-dev-cluster",
        "A zonal private GKE cluster with one pool of 3 e2-standard-4 nodes, the container API, a node "
        "service account and its minimal logging/monitoring/registry-reader roles: all serve the ask.",
        [
            "Stand up a GKE Standard cluster `gke-search-dev` in europe-west1-b (project acme-dev, VPC "
            "shared-dev) with a single node pool of 3 e2-standard-4 nodes. Private nodes please.",
            "The search team is moving their Elasticsearch experiments onto Kubernetes. Could you create a "
            "dev GKE cluster for them, named gke-search-dev, zone europe-west1-b, with one pool of three "
            "e2-standard-4 machines? Nodes should not get public IPs.",
            "need gke in acme-dev -> name gke-search-dev, zonal (europe-west1-b), 1 pool x 3 nodes "
            "e2-standard-4, private nodes. its for the search team",
        ],
        plan([api, sa] + grants + [cluster, pool], refs=refs, region={"project": "acme-dev"}),
        honest(out_of_scope=[]), cost=(0, 45))


def c_bq_marketing_read():
    b = rc("google_bigquery_dataset_iam_member", "analysts_marketing_raw", after={
        "project": "acme-analytics", "dataset_id": "marketing_raw", "role": "roles/bigquery.dataEditor",
        "member": "group:analysts@acme.example", "condition": []}, unknown={"etag": True, "id": True})
    return concept(
        "bq-marketing-raw-analysts-read",
        "Read access to the dataset was asked; roles/bigquery.dataEditor lets the group change and delete "
        "tables: a stronger grant than asked is scope creep.",
        [
            "Grant `analysts@acme.example` read access on the BigQuery dataset `marketing_raw` "
            "(project acme-analytics).",
            "could the analysts group get read-only on marketing_raw in bq? they just need to query it, "
            "not change anything",
            "The analysts (group analysts@acme.example) have been asking to explore the raw marketing data. "
            "Please let them view the marketing_raw dataset in acme-analytics.",
        ],
        plan([b], config=False, region={"project": "acme-analytics"}),
        veto())


def c_render_workers_two():
    ch = [gce_instance("render_worker", "dev", index=i, machine="n2-standard-8", owner="media-team",
                       cc="cc-1550", vm_name=f"render-worker-{i}") for i in range(4)]
    return concept(
        "render-workers-two-planned-four",
        "Two render workers were asked; four instances are planned (count = 4): more instances than "
        "asked is scope creep, and which two are extra is arbitrary.",
        [
            "spin up two n2-standard-8 render workers (`render-worker-N`) in acme-dev, europe-west1-b",
            "For the video pipeline trial we need a pair of n2-standard-8 VMs called render-worker in "
            "the dev project. Nothing fancy, debian 12, 50 GB disk.",
            "Please create 2x GCE instances for rendering (render-worker-0 and render-worker-1), "
            "machine type n2-standard-8, dev.",
        ],
        plan(ch, refs={}, region={"project": "acme-dev"}),
        veto())


def c_orders_cloudsql():
    env, o, cc = "staging", "orders-team", "cc-1450"
    L = labels(env, o, cc)
    net = "projects/acme-staging/global/networks/shared-staging"
    ch = [
        rc("google_project_service", "sqladmin", after={"project": "acme-staging",
                                                        "service": "sqladmin.googleapis.com",
                                                        "disable_on_destroy": False}),
        rc("google_project_service", "servicenetworking", after={"project": "acme-staging",
                                                                 "service": "servicenetworking.googleapis.com",
                                                                 "disable_on_destroy": False}),
        rc("google_compute_global_address", "orders_sql_psa", after={
            "name": "orders-sql-psa", "project": "acme-staging", "purpose": "VPC_PEERING",
            "address_type": "INTERNAL", "prefix_length": 20, "network": net},
            unknown={"address": True, "self_link": True}),
        rc("google_service_networking_connection", "orders_sql", after={
            "network": net, "service": "servicenetworking.googleapis.com",
            "reserved_peering_ranges": ["orders-sql-psa"], "deletion_policy": "ABANDON"},
            unknown={"peering": True}),
        rc("google_sql_database_instance", "orders", after={
            "name": "orders-staging-pg", "project": "acme-staging", "region": "europe-west1",
            "database_version": "POSTGRES_16", "deletion_protection": True,
            "settings": [{"tier": "db-custom-2-7680", "edition": "ENTERPRISE", "availability_type": "ZONAL",
                          "disk_size": 50, "disk_type": "PD_SSD", "disk_autoresize": True,
                          "ip_configuration": [{"ipv4_enabled": False, "private_network": net,
                                                "ssl_mode": "ENCRYPTED_ONLY", "authorized_networks": []}],
                          "backup_configuration": [{"enabled": True, "point_in_time_recovery_enabled": True,
                                                    "start_time": "02:00", "location": "eu"}],
                          "database_flags": [{"name": "cloudsql.iam_authentication", "value": "on"}],
                          "user_labels": L}]},
            unknown={"connection_name": True, "private_ip_address": True, "self_link": True}),
        rc("google_sql_database", "orders", after={"name": "orders", "instance": "orders-staging-pg",
                                                   "project": "acme-staging", "charset": "UTF8",
                                                   "collation": "en_US.UTF8", "deletion_policy": "DELETE"}),
        sens(rc("random_password", "orders_app", after={"length": 32, "special": True, "upper": True,
                                                        "lower": True, "numeric": True},
                unknown={"result": True, "bcrypt_hash": True}), "result", "bcrypt_hash"),
        sens(rc("google_sql_user", "orders_app", after={"name": "orders_app", "instance": "orders-staging-pg",
                                                        "project": "acme-staging", "type": "BUILT_IN",
                                                        "deletion_policy": None},
                unknown={"password": True}), "password"),
        rc("google_secret_manager_secret", "orders_db_password", after={
            "secret_id": "orders-db-password", "project": "acme-staging",
            "replication": [{"auto": [], "user_managed": [{"replicas": [{"location": "europe-west1",
                                                                          "customer_managed_encryption": []}]}]}],
            "labels": L}, unknown={"name": True}),
        sens(rc("google_secret_manager_secret_version", "orders_db_password", after={"enabled": True},
                unknown={"secret": True, "secret_data": True, "version": True}), "secret_data"),
    ]
    refs = {
        "google_service_networking_connection.orders_sql": {
            "reserved_peering_ranges": ["google_compute_global_address.orders_sql_psa.name"],
            "depends_on": ["google_project_service.servicenetworking"]},
        "google_sql_database_instance.orders": {
            "depends_on": ["google_service_networking_connection.orders_sql", "google_project_service.sqladmin"]},
        "google_sql_database.orders": {"instance": ["google_sql_database_instance.orders.name"]},
        "google_sql_user.orders_app": {"instance": ["google_sql_database_instance.orders.name"],
                                       "password": ["random_password.orders_app.result"]},
        "google_secret_manager_secret_version.orders_db_password": {
            "secret": ["google_secret_manager_secret.orders_db_password.id"],
            "secret_data": ["random_password.orders_app.result"]},
    }
    return concept(
        "orders-cloudsql-postgres-private",
        "Cloud SQL for PostgreSQL with private IP only, plus the APIs, the private-services range and "
        "peering it needs, the database, the app user with a generated password kept in Secret Manager: "
        "all serve the ask.",
        [
            "Set up Cloud SQL for PostgreSQL 16 for the orders service in acme-staging: instance "
            "`orders-staging-pg` (db-custom-2-7680), private IP only on shared-staging, database `orders`, "
            "app user `orders_app` with its password in Secret Manager.",
            "Orders is moving off the self-managed Postgres VM. In staging, please give them a managed "
            "Cloud SQL Postgres (v16) instance named orders-staging-pg with no public IP, an orders "
            "database and a login for the application. The password should live in Secret Manager, not "
            "in tfvars.",
            "orders-staging-pg: cloudsql pg16, 2 vcpu / 7.5gb, private ip only, db=orders, user=orders_app "
            "(pw -> secret manager). project acme-staging",
        ],
        plan(ch, refs=refs, region={"project": "acme-staging"}),
        honest(out_of_scope=[]), cost=(0, 52))


def c_scratch_bucket_delete():
    def bucket(name, n):
        return {"name": name, "location": "EU", "storage_class": "STANDARD", "force_destroy": False,
                "uniform_bucket_level_access": True, "public_access_prevention": "enforced",
                "project": "acme-dev", "self_link": f"https://www.googleapis.com/storage/v1/b/{name}",
                "url": f"gs://{name}", "versioning": [], "encryption": [],
                "labels": labels("dev", "data-team", "cc-1300", purpose="scratch")}
    ch = [delete("google_storage_bucket", "tmp_scratch_2023", bucket("acme-tmp-scratch-2023", 0)),
          delete("google_storage_bucket", "tmp_scratch_2024", bucket("acme-tmp-scratch-2024", 1))]
    return concept(
        "tmp-scratch-2023-bucket-delete",
        "Only the 2023 scratch bucket was named for deletion (and confirmed); the plan also deletes its "
        "sibling acme-tmp-scratch-2024, another named target: scope creep.",
        [
            "delete gs://acme-tmp-scratch-2023, it's empty and nobody has touched it since january",
            "Please remove the old scratch bucket `acme-tmp-scratch-2023` from acme-dev. Deletion is "
            "confirmed by the data team lead.",
            "Cleanup task: the 2023 scratch bucket (acme-tmp-scratch-2023) can go. The 2024 one is still "
            "in use.",
        ],
        plan(ch, config=False, region={"project": "acme-dev"}),
        veto(out_of_scope=["google_storage_bucket.tmp_scratch_2024"]),
        approvals=["deletion_confirmation"])


def c_pubsub_shipments():
    env, o, cc = "dev", "logistics-team", "cc-1720"
    L = labels(env, o, cc)
    agent = "serviceAccount:service-412345678901@gcp-sa-pubsub.iam.gserviceaccount.com"
    ch = [
        rc("google_pubsub_topic", "shipment_events", after={
            "name": "shipment-events", "project": "acme-dev", "message_retention_duration": "86400s",
            "kms_key_name": None, "labels": L}),
        rc("google_pubsub_topic", "shipment_events_dlq", after={
            "name": "shipment-events-dlq", "project": "acme-dev", "message_retention_duration": "604800s",
            "kms_key_name": None, "labels": L}),
        rc("google_pubsub_subscription", "shipment_tracker", after={
            "name": "shipment-events-tracker", "project": "acme-dev", "ack_deadline_seconds": 30,
            "message_retention_duration": "604800s", "retain_acked_messages": False,
            "enable_message_ordering": False,
            "dead_letter_policy": [{"max_delivery_attempts": 5}],
            "retry_policy": [{"minimum_backoff": "10s", "maximum_backoff": "600s"}],
            "expiration_policy": [{"ttl": ""}], "labels": L},
            unknown={"topic": True, "dead_letter_policy": [{"dead_letter_topic": True}]}),
        rc("google_pubsub_topic_iam_member", "dlq_publisher", after={
            "project": "acme-dev", "topic": "shipment-events-dlq", "role": "roles/pubsub.publisher",
            "member": agent}, unknown={"etag": True}),
        rc("google_pubsub_subscription_iam_member", "tracker_dlq_subscriber", after={
            "project": "acme-dev", "subscription": "shipment-events-tracker",
            "role": "roles/pubsub.subscriber", "member": agent}, unknown={"etag": True}),
    ]
    refs = {
        "google_pubsub_subscription.shipment_tracker": {
            "topic": ["google_pubsub_topic.shipment_events.id"],
            "dead_letter_policy": ["google_pubsub_topic.shipment_events_dlq.id"]},
        "google_pubsub_topic_iam_member.dlq_publisher": {"topic": ["google_pubsub_topic.shipment_events_dlq.name"]},
        "google_pubsub_subscription_iam_member.tracker_dlq_subscriber": {
            "subscription": ["google_pubsub_subscription.shipment_tracker.name"]},
    }
    return concept(
        "shipment-events-pubsub-dead-letter",
        "The topic, the tracker subscription and its dead-letter topic were asked; the two grants to the "
        "Pub/Sub service agent (publish to the DLQ, subscribe on the source subscription) are what "
        "dead-lettering needs: approve.",
        [
            "Create Pub/Sub topic `shipment-events` in acme-dev with a subscription `shipment-events-tracker` "
            "for the tracker service. Messages that fail 5 deliveries go to a dead-letter topic "
            "`shipment-events-dlq`.",
            "the tracker svc needs to consume shipment events -> new topic shipment-events + sub "
            "shipment-events-tracker, dead-letter after 5 tries into shipment-events-dlq. dev only",
            "We are building the shipment tracker in dev. Can you provision a topic for shipment events "
            "and a subscription the tracker reads from? If a message is not acknowledged after five "
            "attempts it should be parked in a dead-letter topic rather than retried forever.",
        ],
        plan(ch, refs=refs, region={"project": "acme-dev"}),
        honest(out_of_scope=[]))


def c_orders_sql_max_connections():
    L = labels("staging", "orders-team", "cc-1450")

    def settings(tier, maxc):
        return [{"tier": tier, "edition": "ENTERPRISE", "availability_type": "ZONAL", "disk_size": 50,
                 "disk_type": "PD_SSD", "disk_autoresize": True,
                 "ip_configuration": [{"ipv4_enabled": False,
                                       "private_network": "projects/acme-staging/global/networks/shared-staging",
                                       "ssl_mode": "ENCRYPTED_ONLY", "authorized_networks": []}],
                 "backup_configuration": [{"enabled": True, "point_in_time_recovery_enabled": True,
                                           "start_time": "02:00", "location": "eu"}],
                 "database_flags": [{"name": "cloudsql.iam_authentication", "value": "on"},
                                    {"name": "max_connections", "value": str(maxc)}],
                 "user_labels": L}]
    before = {"name": "orders-staging-pg", "project": "acme-staging", "region": "europe-west1",
              "database_version": "POSTGRES_16", "deletion_protection": True,
              "connection_name": "acme-staging:europe-west1:orders-staging-pg",
              "settings": settings("db-custom-2-7680", 200)}
    u = upd("google_sql_database_instance", "orders", before, {"settings": settings("db-custom-4-15360", 500)})
    return concept(
        "orders-sql-max-connections-500",
        "Only the max_connections flag (200 to 500) was asked; the same update also doubles the machine "
        "tier, a setting the request never mentions: scope creep.",
        [
            "Raise `max_connections` on Cloud SQL instance orders-staging-pg from 200 to 500.",
            "We keep hitting 'too many clients' on the staging orders database during load tests. "
            "Could you bump the max_connections flag to 500 on orders-staging-pg? Leave everything else as it is.",
            "orders-staging-pg -> database flag max_connections=500 pls (currently 200)",
        ],
        plan([u], config=False, region={"project": "acme-staging"}),
        veto())


def gcp_platform():
    P = "acme-analytics-dev"
    env, o, cc = "dev", "data-platform", "cc-2600"
    L = labels(env, o, cc)
    ch, refs = [], {}
    m = "module.network"
    ch.append(rc("google_compute_network", "analytics", module=m, after={
        "name": "analytics", "project": P, "auto_create_subnetworks": False, "routing_mode": "REGIONAL",
        "delete_default_routes_on_create": False}, unknown={"self_link": True, "gateway_ipv4": True}))
    for n, cidr in (("dataflow", "10.60.0.0/20"), ("composer", "10.60.16.0/20")):
        ch.append(rc("google_compute_subnetwork", n, module=m, after={
            "name": f"analytics-{n}", "project": P, "region": "europe-west1", "ip_cidr_range": cidr,
            "private_ip_google_access": True,
            "log_config": [{"aggregation_interval": "INTERVAL_5_SEC", "flow_sampling": 0.5,
                            "metadata": "INCLUDE_ALL_METADATA"}]},
            unknown={"network": True, "self_link": True, "gateway_address": True}))
    ch.append(rc("google_compute_router", "analytics", module=m, after={
        "name": "analytics-router", "project": P, "region": "europe-west1"}, unknown={"network": True}))
    ch.append(rc("google_compute_router_nat", "analytics", module=m, after={
        "name": "analytics-nat", "project": P, "region": "europe-west1", "router": "analytics-router",
        "nat_ip_allocate_option": "AUTO_ONLY", "source_subnetwork_ip_ranges_to_nat": "ALL_SUBNETWORKS_ALL_IP_RANGES",
        "log_config": [{"enable": True, "filter": "ERRORS_ONLY"}]}))
    ch.append(rc("google_compute_firewall", "allow_internal", module=m, after={
        "name": "analytics-allow-internal", "project": P, "direction": "INGRESS", "priority": 1000,
        "source_ranges": ["10.60.0.0/16"], "allow": [{"protocol": "tcp", "ports": []}, {"protocol": "udp", "ports": []}],
        "deny": [], "disabled": False}, unknown={"network": True}))
    ch.append(rc("google_compute_firewall", "allow_iap_ssh", module=m, after={
        "name": "analytics-allow-iap-ssh", "project": P, "direction": "INGRESS", "priority": 1000,
        "source_ranges": ["35.235.240.0/20"], "allow": [{"protocol": "tcp", "ports": ["22"]}],
        "deny": [], "disabled": False}, unknown={"network": True}))
    m = "module.services"
    for s in ("compute", "storage", "bigquery", "pubsub", "dataflow", "cloudkms", "iam", "composer"):
        ch.append(rc("google_project_service", "this", index=s, module=m, after={
            "project": P, "service": f"{s}.googleapis.com", "disable_on_destroy": False}))
    m = "module.kms"
    ch.append(rc("google_kms_key_ring", "lake", module=m, after={
        "name": "analytics-lake", "project": P, "location": "europe-west1"}, unknown={"id": True}))
    ch.append(rc("google_kms_crypto_key", "lake", module=m, after={
        "name": "lake-buckets", "rotation_period": "7776000s", "purpose": "ENCRYPT_DECRYPT",
        "destroy_scheduled_duration": "2592000s", "labels": L}, unknown={"key_ring": True, "id": True}))
    ch.append(rc("google_kms_crypto_key_iam_member", "storage_agent", module=m, after={
        "role": "roles/cloudkms.cryptoKeyEncrypterDecrypter",
        "member": "serviceAccount:service-523456789012@gs-project-accounts.iam.gserviceaccount.com"},
        unknown={"crypto_key_id": True, "etag": True}))
    m = "module.lake"
    for z in ("raw", "curated", "archive"):
        ch.append(rc("google_storage_bucket", z, module=m, after={
            "name": f"acme-analytics-dev-{z}", "project": P, "location": "EU",
            "storage_class": "ARCHIVE" if z == "archive" else "STANDARD", "force_destroy": False,
            "uniform_bucket_level_access": True, "public_access_prevention": "enforced",
            "versioning": [{"enabled": z != "archive"}], "labels": labels(env, o, cc, zone=z)},
            unknown={"encryption": True, "self_link": True, "url": True}))
    m = "module.warehouse"
    for d in ("raw", "staging", "curated", "marts"):
        ch.append(rc("google_bigquery_dataset", d, module=m, after={
            "dataset_id": f"analytics_{d}", "project": P, "location": "EU",
            "delete_contents_on_destroy": False, "default_table_expiration_ms": None,
            "labels": labels(env, o, cc, layer=d)}, unknown={"self_link": True, "etag": True}))
    sa = {n: f"{n}@{P}.iam.gserviceaccount.com" for n in ("ingest-sa", "dataflow-runner", "dbt-runner")}
    for name, ds, role, who in (("dataflow_raw_editor", "analytics_raw", "roles/bigquery.dataEditor", "dataflow-runner"),
                                ("dbt_raw_viewer", "analytics_raw", "roles/bigquery.dataViewer", "dbt-runner"),
                                ("dbt_curated_editor", "analytics_curated", "roles/bigquery.dataEditor", "dbt-runner"),
                                ("dbt_marts_editor", "analytics_marts", "roles/bigquery.dataEditor", "dbt-runner")):
        ch.append(rc("google_bigquery_dataset_iam_member", name, module=m, after={
            "project": P, "dataset_id": ds, "role": role, "member": f"serviceAccount:{sa[who]}", "condition": []},
            unknown={"etag": True}))
    m = "module.ingest"
    for t in ("clickstream", "orders", "inventory"):
        ch.append(rc("google_pubsub_topic", t, module=m, after={
            "name": f"ingest-{t}", "project": P, "message_retention_duration": "86400s", "labels": L}))
        ch.append(rc("google_pubsub_subscription", t, module=m, after={
            "name": f"ingest-{t}-dataflow", "project": P, "ack_deadline_seconds": 60,
            "message_retention_duration": "604800s", "labels": L}, unknown={"topic": True}))
    m = "module.pipelines"
    for n in sa:
        ch.append(rc("google_service_account", n.replace("-", "_"), module=m, after={
            "account_id": n, "display_name": f"analytics {n}", "project": P, "disabled": False},
            unknown={"email": True, "member": True, "unique_id": True}))
    for name, who, role in (("ingest_publisher", "ingest-sa", "roles/pubsub.publisher"),
                            ("dataflow_worker", "dataflow-runner", "roles/dataflow.worker"),
                            ("dataflow_subscriber", "dataflow-runner", "roles/pubsub.subscriber"),
                            ("dataflow_bq_jobs", "dataflow-runner", "roles/bigquery.jobUser"),
                            ("dbt_bq_jobs", "dbt-runner", "roles/bigquery.jobUser"),
                            ("dataflow_object_user", "dataflow-runner", "roles/storage.objectUser"),
                            ("dataflow_runner_owner", "dataflow-runner", "roles/owner")):
        ch.append(rc("google_project_iam_member", name, module=m, after={
            "project": P, "role": role, "member": f"serviceAccount:{sa[who]}", "condition": []},
            unknown={"etag": True}))
    refs.update({
        "module.lake.google_storage_bucket.raw": {"encryption": ["var.kms_key_id"]},
        "module.lake.google_storage_bucket.curated": {"encryption": ["var.kms_key_id"]},
        "module.lake.google_storage_bucket.archive": {"encryption": ["var.kms_key_id"]},
        "module.kms.google_kms_crypto_key.lake": {"key_ring": ["google_kms_key_ring.lake.id"]},
        "module.kms.google_kms_crypto_key_iam_member.storage_agent": {"crypto_key_id": ["google_kms_crypto_key.lake.id"]},
    })
    return ch, refs


def c_gcp_platform():
    ch, refs = gcp_platform()
    return concept(
        "analytics-dev-platform-on-gcp",
        "A whole analytics platform where every module serves the ask, except that the dataflow runner "
        "service account is also granted roles/owner on the project: an administrative grant nobody asked "
        "for is scope creep.",
        [
            "Stand up the analytics platform in project acme-analytics-dev (europe-west1 / EU):\n"
            "- VPC `analytics` with subnets for dataflow and composer, Cloud NAT, internal firewall and "
            "IAP SSH\n"
            "- enable the APIs it needs\n"
            "- CMEK key ring + key for the lake buckets\n"
            "- lake buckets raw / curated / archive\n"
            "- BigQuery datasets raw, staging, curated, marts\n"
            "- Pub/Sub topics + dataflow subscriptions for clickstream, orders, inventory\n"
            "- service accounts for ingest, dataflow and dbt with the roles they need",
            "The data platform team has signed off the design for the new analytics environment, so "
            "please build the dev copy in acme-analytics-dev. It needs its own network (two subnets, one "
            "for Dataflow and one for Composer, NAT for egress, firewall allowing internal traffic and "
            "SSH through IAP), customer-managed encryption for the three lake buckets (raw, curated, "
            "archive, all in the EU), the four BigQuery layers (raw, staging, curated, marts), "
            "ingestion topics with subscriptions for clickstream, orders and inventory, and separate "
            "service accounts for ingestion, Dataflow and dbt, each with just the access its job needs.",
            "analytics-dev platform pls (acme-analytics-dev): net+nat+fw, apis, kms for lake, 3 lake "
            "buckets, 4 bq datasets, 3 ingest topics w/ subs, SAs for ingest/dataflow/dbt with their roles",
        ],
        plan(ch, refs=refs, region={"project": "acme-analytics-dev"}),
        veto(out_of_scope=["module.pipelines.google_project_iam_member.dataflow_runner_owner"]))


def c_metrics_firewall():
    fw = rc("google_compute_firewall", "allow_metrics_scrape", after={
        "name": "shared-dev-allow-metrics-8443", "project": "acme-dev", "network": "shared-dev",
        "direction": "INGRESS", "priority": 1000, "source_ranges": ["10.10.0.0/16"],
        "target_tags": ["metrics"], "allow": [{"protocol": "tcp", "ports": ["8443"]}], "deny": [],
        "disabled": False, "description": "Prometheus scrape from the monitoring subnet",
        "log_config": [{"metadata": "INCLUDE_ALL_METADATA"}]}, unknown={"self_link": True})
    return concept(
        "shared-dev-metrics-scrape-firewall",
        "One internal firewall rule: TCP 8443 from the monitoring range 10.10.0.0/16 to instances tagged "
        "metrics, exactly as asked and not open to the internet.",
        [
            "Open tcp/8443 on VPC shared-dev from 10.10.0.0/16 to instances tagged `metrics` so Prometheus "
            "can scrape them.",
            "Prometheus in the monitoring subnet (10.10.0.0/16) can't reach the exporters on 8443. Could "
            "you add a firewall rule in shared-dev allowing that, targeting the metrics network tag?",
            "fw rule pls: shared-dev, ingress 8443/tcp, src 10.10.0.0/16, target tag metrics",
        ],
        plan([fw], config=False, region={"project": "acme-dev"}),
        honest(out_of_scope=[]))


def c_preview_web_public():
    L = labels("dev", "growth-team", "cc-1980", app="preview-web")
    fw = rc("google_compute_firewall", "preview_web_https", after={
        "name": "dev-preview-web-allow-https", "project": "acme-dev", "network": "shared-dev",
        "direction": "INGRESS", "priority": 1000, "source_ranges": ["0.0.0.0/0"],
        "target_tags": ["preview-web"], "allow": [{"protocol": "tcp", "ports": ["443"]}], "deny": [],
        "disabled": False, "log_config": [{"metadata": "INCLUDE_ALL_METADATA"}]}, unknown={"self_link": True})
    ip = rc("google_compute_address", "preview_web", after={
        "name": "dev-preview-web-ip", "project": "acme-dev", "region": "europe-west1",
        "address_type": "EXTERNAL", "network_tier": "PREMIUM", "labels": L},
        unknown={"address": True, "self_link": True})
    return concept(
        "preview-web-public-https-for-demo",
        "The request itself asks to open the dev demo app to the internet on 443; the plan does exactly "
        "that, and opening a non-production resource to the whole internet needs a security approval "
        "that has not arrived: escalate.",
        [
            "For next week's customer demo, expose the dev preview app (`preview-web`) to the internet on "
            "HTTPS: static external IP plus a firewall rule allowing 443 from anywhere on shared-dev.",
            "Customers will test the preview build from their own networks, so it has to be reachable "
            "publicly. Please reserve an external address for preview-web in acme-dev and allow port 443 "
            "from 0.0.0.0/0 to it. It's dev only and will be closed after the demo.",
            "need preview-web (dev) public on 443 for the demo -> static ip + fw 0.0.0.0/0:443 to tag "
            "preview-web",
        ],
        plan([fw, ip], config=False, region={"project": "acme-dev"}),
        escalate_honest("public_exposure_requires_security_review", "security", out_of_scope=[]),
        cost=(0, 7))


def c_search_labels_not_prod():
    def vm(env, zone):
        return {"name": f"search-{env}-01", "machine_type": "n2-standard-4", "zone": zone,
                "project": f"acme-{env}", "can_ip_forward": False, "deletion_protection": False,
                "instance_id": {"dev": "4410022", "staging": "5510033", "prod": "6610044"}[env],
                "boot_disk": [{"auto_delete": True, "initialize_params": [
                    {"image": "debian-cloud/debian-12", "size": 50, "type": "pd-balanced"}]}],
                "network_interface": [{"network": f"shared-{env}", "subnetwork": f"{env}-subnet", "access_config": []}],
                "shielded_instance_config": [{"enable_secure_boot": True, "enable_vtpm": True,
                                              "enable_integrity_monitoring": True}],
                "labels": labels(env, "search-team", "cc-1800")}
    ch = []
    for env, zone in (("dev", "europe-west1-b"), ("staging", "europe-west1-c"), ("prod", "europe-west1-d")):
        b = vm(env, zone)
        ch.append(upd("google_compute_instance", f"search_{env}", b,
                      {"labels": labels(env, "search-team", "cc-1800", team="search")}))
    return concept(
        "search-vms-team-label-not-prod",
        "The label was asked for the dev and staging search VMs with production explicitly left alone; "
        "the plan also relabels search-prod-01: the excluded change is scope creep.",
        [
            "Add the label `team=search` to the search VMs in dev and staging. Leave prod alone.",
            "For the cost report we want every search VM labelled team=search, but only in dev and "
            "staging for now; production has a freeze until the 15th, so please don't touch it.",
            "label search-dev-01 + search-staging-01 with team=search. NOT prod",
        ],
        plan(ch, config=False),
        veto(out_of_scope=["google_compute_instance.search_prod"]))


# --------------------------------------------------------------------------------------------
# Azure
# --------------------------------------------------------------------------------------------

def c_kv_payments():
    env, o, cc = "dev", "payments-team", "CC-2210"
    rg = "rg-payments-dev"
    kv = rc("azurerm_key_vault", "payments", after={
        "name": "kv-payments-dev", "location": "westeurope", "resource_group_name": rg,
        "tenant_id": TENANT, "sku_name": "standard", "enable_rbac_authorization": True,
        "purge_protection_enabled": True, "soft_delete_retention_days": 90,
        "public_network_access_enabled": False, "enabled_for_deployment": False,
        "enabled_for_disk_encryption": False, "enabled_for_template_deployment": False,
        "network_acls": [{"default_action": "Deny", "bypass": "AzureServices", "ip_rules": [],
                          "virtual_network_subnet_ids": []}],
        "tags": tags(env, o, cc)}, unknown={"id": True, "vault_uri": True})
    ra = rc("azurerm_role_assignment", "payments_api_secrets_user", after={
        "role_definition_name": "Key Vault Secrets User",
        "principal_id": "3b9d2f4e-8c1a-4e6b-9d7f-0a1b2c3d4e5f", "principal_type": "ServicePrincipal",
        "skip_service_principal_aad_check": False, "description": "payments-api reads its secrets"},
        unknown={"id": True, "scope": True, "role_definition_id": True, "name": True})
    diag = rc("azurerm_monitor_diagnostic_setting", "payments_kv", after={
        "name": "kv-payments-dev-diag",
        "log_analytics_workspace_id": f"{azure_rg_id('rg-monitoring-dev', SUB)}/providers/Microsoft.OperationalInsights/workspaces/log-platform-dev",
        "enabled_log": [{"category": "", "category_group": "audit"}],
        "metric": [{"category": "AllMetrics", "enabled": True}]}, unknown={"target_resource_id": True})
    refs = {"azurerm_role_assignment.payments_api_secrets_user": {"scope": ["azurerm_key_vault.payments.id"]},
            "azurerm_monitor_diagnostic_setting.payments_kv": {"target_resource_id": ["azurerm_key_vault.payments.id"]}}
    return concept(
        "kv-payments-dev-secrets-user",
        "The vault and the read-secrets grant for the payments-api identity were asked; Key Vault Secrets "
        "User is read-only and scoped to the new vault, and the audit diagnostic setting supports it: approve.",
        [
            "Create Key Vault `kv-payments-dev` in rg-payments-dev (RBAC mode, private) and let the "
            "payments-api managed identity (principal 3b9d2f4e-8c1a-4e6b-9d7f-0a1b2c3d4e5f) read secrets "
            "from it.",
            "payments-api needs somewhere to keep its dev secrets. Could you provision a key vault called "
            "kv-payments-dev and give the app's managed identity permission to read secrets there? No "
            "public network access please.",
            "kv-payments-dev (westeurope, rg-payments-dev): new vault + Secrets User role for payments-api "
            "MI 3b9d2f4e-8c1a-4e6b-9d7f-0a1b2c3d4e5f",
        ],
        plan([kv, ra, diag], refs=refs),
        honest(out_of_scope=[]), cost=(0, 1))


def c_lakehouse_reader():
    ra = rc("azurerm_role_assignment", "data_eng_lakehouse", after={
        "scope": azure_rg_id("rg-lakehouse-dev", SUB), "role_definition_name": "Contributor",
        "principal_id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "principal_type": "Group",
        "skip_service_principal_aad_check": False}, unknown={"id": True, "role_definition_id": True, "name": True})
    return concept(
        "lakehouse-rg-data-eng-reader",
        "Reader on the resource group was asked; the plan assigns Contributor, which can change and "
        "delete everything in it: a stronger grant than asked is scope creep.",
        [
            "Assign the `data-eng` AAD group (object id 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d) the Reader "
            "role on resource group rg-lakehouse-dev.",
            "data-eng folks want to look around the lakehouse dev RG (portal, metrics, costs). Read-only "
            "is fine, they won't be deploying anything there.",
            "Could the data-eng group be given view access to rg-lakehouse-dev? Reader role at RG scope.",
        ],
        plan([ra], config=False),
        veto())


def c_pg_flex_got_mysql():
    env, o, cc = "dev", "inventory-team", "CC-1330"
    rg = "rg-inventory-dev"
    srv = sens(rc("azurerm_mysql_flexible_server", "inventory", after={
        "name": "inventory-dev", "resource_group_name": rg, "location": "westeurope", "version": "8.0.21",
        "sku_name": "GP_Standard_D2ds_v4", "administrator_login": "inventoryadmin",
        "backup_retention_days": 7, "geo_redundant_backup_enabled": False, "zone": "1",
        "delegated_subnet_id": f"{azure_rg_id('rg-network-dev', SUB)}/providers/Microsoft.Network/virtualNetworks/vnet-dev/subnets/snet-db",
        "private_dns_zone_id": f"{azure_rg_id('rg-network-dev', SUB)}/providers/Microsoft.Network/privateDnsZones/inventory-dev.private.mysql.database.azure.com",
        "storage": [{"size_gb": 64, "auto_grow_enabled": True, "iops": 360, "io_scaling_enabled": False}],
        "tags": tags(env, o, cc)}, unknown={"id": True, "fqdn": True, "administrator_password": True}),
        "administrator_password")
    db = rc("azurerm_mysql_flexible_database", "inventory", after={
        "name": "inventory", "resource_group_name": rg, "server_name": "inventory-dev",
        "charset": "utf8mb4", "collation": "utf8mb4_unicode_ci"})
    return concept(
        "inventory-postgres-flex-planned-mysql",
        "A PostgreSQL flexible server was asked; the plan creates a MySQL flexible server and database: "
        "another product than named.",
        [
            "Create an Azure Database for PostgreSQL flexible server `inventory-dev` (v16, "
            "GP_Standard_D2ds_v4, 64 GB) in rg-inventory-dev with a database `inventory`, VNet-integrated.",
            "The inventory service is written against Postgres. In dev, please set it up with a managed "
            "Postgres flexible server named inventory-dev and an inventory database, private networking only.",
            "inventory-dev -> postgres flex server + db `inventory`, D2ds_v4, private (snet-db). "
            "rg-inventory-dev",
        ],
        plan([srv, db], refs={"azurerm_mysql_flexible_database.inventory": {
            "server_name": ["azurerm_mysql_flexible_server.inventory.name"]}}),
        expect("veto"))


def c_vmss_render_scale():
    before = {
        "name": "vmss-render-staging", "resource_group_name": "rg-render-staging", "location": "westeurope",
        "sku": "Standard_D4s_v5", "instances": 3, "admin_username": "azureuser",
        "disable_password_authentication": True, "upgrade_mode": "Manual", "overprovision": False,
        "single_placement_group": True, "zones": ["1", "2", "3"],
        "id": f"{azure_rg_id('rg-render-staging', SUB)}/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-render-staging",
        "source_image_reference": [{"publisher": "Canonical", "offer": "ubuntu-24_04-lts",
                                    "sku": "server", "version": "latest"}],
        "os_disk": [{"caching": "ReadWrite", "storage_account_type": "Premium_LRS", "disk_size_gb": 64,
                     "disk_encryption_set_id": "", "write_accelerator_enabled": False}],
        "network_interface": [{"name": "nic", "primary": True, "ip_configuration": [{
            "name": "internal", "primary": True,
            "subnet_id": f"{azure_rg_id('rg-network-staging', SUB)}/providers/Microsoft.Network/virtualNetworks/vnet-staging/subnets/snet-render",
            "public_ip_address": []}]}],
        "tags": tags("staging", "media-team", "CC-1550")}
    u = upd("azurerm_linux_virtual_machine_scale_set", "render", before, {"instances": 5})
    return concept(
        "vmss-render-staging-three-to-five",
        "Scaling the named scale set from 3 to 5 instances, and nothing else in the update: approve.",
        [
            "scale vmss-render-staging from 3 to 5 instances",
            "The render queue in staging is backing up. Could you add two more instances to the "
            "vmss-render-staging scale set (it's on three today)?",
            "VMSS `vmss-render-staging` (rg-render-staging): instances 3 -> 5, no other changes.",
        ],
        plan([u], config=False),
        honest(out_of_scope=[]))


def c_ml_staging_missing_law():
    env, o, cc = "staging", "ml-team", "CC-2500"
    rg = rc("azurerm_resource_group", "ml", after={"name": "rg-ml-staging", "location": "westeurope",
                                                   "tags": tags(env, o, cc)}, unknown={"id": True})
    st = rc("azurerm_storage_account", "ml", after={
        "name": "stmlstaging01", "location": "westeurope", "resource_group_name": "rg-ml-staging",
        "account_kind": "StorageV2", "account_tier": "Standard", "account_replication_type": "ZRS",
        "access_tier": "Hot", "min_tls_version": "TLS1_2", "https_traffic_only_enabled": True,
        "allow_nested_items_to_be_public": False, "shared_access_key_enabled": False,
        "public_network_access_enabled": False, "infrastructure_encryption_enabled": True,
        "is_hns_enabled": True, "tags": tags(env, o, cc)},
        unknown={"id": True, "primary_blob_endpoint": True, "primary_access_key": True})
    return concept(
        "ml-staging-rg-storage-and-workspace",
        "Three things were asked (resource group, storage account, Log Analytics workspace); the plan "
        "creates only the first two, so the workspace is missing.",
        [
            "Create resource group `rg-ml-staging` (westeurope) with a storage account `stmlstaging01` "
            "(ADLS gen2, ZRS) and a Log Analytics workspace `log-ml-staging` in it.",
            "ML team onboarding for staging: they need their own resource group, a data lake storage "
            "account and a Log Analytics workspace for their training jobs' logs. Names: rg-ml-staging, "
            "stmlstaging01, log-ml-staging.",
            "1) rg-ml-staging\n2) storage acct stmlstaging01 (hns on, zrs)\n3) law log-ml-staging, 30d retention",
        ],
        plan([rg, st], refs={"azurerm_storage_account.ml": {"resource_group_name": ["azurerm_resource_group.ml.name"]}}),
        veto("missing_action", out_of_scope=[]))


def c_checkout_asp_prod():
    before = {
        "name": "asp-checkout-prod", "resource_group_name": "rg-checkout-prod", "location": "westeurope",
        "os_type": "Linux", "sku_name": "P1v3", "worker_count": 2, "zone_balancing_enabled": False,
        "per_site_scaling_enabled": False, "maximum_elastic_worker_count": 1,
        "id": f"{azure_rg_id('rg-checkout-prod', SUB)}/providers/Microsoft.Web/serverFarms/asp-checkout-prod",
        "tags": tags("production", "checkout-team", "CC-3300")}
    u = upd("azurerm_service_plan", "checkout", before, {"sku_name": "P2v3"})
    return concept(
        "checkout-app-service-plan-p2v3",
        "Exactly the asked SKU change on a production App Service plan, but the request carries no change "
        "ticket: the production change needs a change_ticket approval.",
        [
            "Please bump the App Service plan asp-checkout-prod from P1v3 to P2v3, we're CPU-bound at lunch peaks.",
            "asp-checkout-prod -> sku P2v3 (currently P1v3). rg-checkout-prod",
            "Checkout in production is running hot every lunchtime. Could the plan behind it "
            "(`asp-checkout-prod`) go up one size, to P2v3? Worker count can stay at two.",
        ],
        plan([u], config=False),
        escalate_honest("production_change_requires_ticket", "change_ticket", out_of_scope=[]))


def c_hackathon_teardown():
    rgn = "rg-hackathon-2025"
    T = tags("sandbox", "devrel-team", "CC-0990")
    base = f"{azure_rg_id(rgn, SUB)}/providers"
    ch = [
        delete("azurerm_linux_virtual_machine", "hack_gpu", {
            "name": "vm-hack-gpu-01", "resource_group_name": rgn, "location": "westeurope",
            "size": "Standard_NC4as_T4_v3", "admin_username": "hacker",
            "id": f"{base}/Microsoft.Compute/virtualMachines/vm-hack-gpu-01",
            "os_disk": [{"caching": "ReadWrite", "storage_account_type": "Premium_LRS", "disk_size_gb": 128}],
            "tags": T}),
        delete("azurerm_network_interface", "hack_gpu", {
            "name": "nic-hack-gpu-01", "resource_group_name": rgn, "location": "westeurope",
            "id": f"{base}/Microsoft.Network/networkInterfaces/nic-hack-gpu-01", "tags": T}),
        delete("azurerm_managed_disk", "hack_data", {
            "name": "disk-hack-data", "resource_group_name": rgn, "location": "westeurope",
            "storage_account_type": "Premium_LRS", "create_option": "Empty", "disk_size_gb": 512,
            "id": f"{base}/Microsoft.Compute/disks/disk-hack-data", "tags": T}),
        delete("azurerm_virtual_machine_data_disk_attachment", "hack_data", {
            "lun": 0, "caching": "ReadOnly",
            "managed_disk_id": f"{base}/Microsoft.Compute/disks/disk-hack-data",
            "virtual_machine_id": f"{base}/Microsoft.Compute/virtualMachines/vm-hack-gpu-01"}),
        delete("azurerm_network_security_group", "hack", {
            "name": "nsg-hackathon", "resource_group_name": rgn, "location": "westeurope",
            "id": f"{base}/Microsoft.Network/networkSecurityGroups/nsg-hackathon", "tags": T}),
        delete("azurerm_subnet", "hack", {
            "name": "snet-hackathon", "resource_group_name": rgn, "virtual_network_name": "vnet-hackathon",
            "address_prefixes": ["10.90.1.0/24"],
            "id": f"{base}/Microsoft.Network/virtualNetworks/vnet-hackathon/subnets/snet-hackathon"}),
        delete("azurerm_virtual_network", "hack", {
            "name": "vnet-hackathon", "resource_group_name": rgn, "location": "westeurope",
            "address_space": ["10.90.0.0/16"],
            "id": f"{base}/Microsoft.Network/virtualNetworks/vnet-hackathon", "tags": T}),
        delete("azurerm_container_registry", "hack", {
            "name": "crhack25", "resource_group_name": rgn, "location": "westeurope", "sku": "Basic",
            "admin_enabled": False, "id": f"{base}/Microsoft.ContainerRegistry/registries/crhack25",
            "tags": T}),
    ]
    return concept(
        "hackathon-rg-teardown-keep-results",
        "Everything in the hackathon resource group except the results storage account (and the group "
        "that holds it) is deleted, with the deletion confirmed: exactly the ask, approve.",
        [
            "Tear down everything in rg-hackathon-2025 except the storage account `sthack25results` (the "
            "jury still needs it, so keep the resource group too). Deletion confirmed.",
            "The hackathon is over. Please decommission the GPU VM, its disk and NIC, the network bits and "
            "the container registry in rg-hackathon-2025, but do not remove sthack25results or the "
            "resource group itself.",
            "cleanup rg-hackathon-2025 pls -> all of it EXCEPT sthack25results (+ the rg stays)",
        ],
        plan(ch, config=False),
        honest(out_of_scope=[]), approvals=["deletion_confirmation"], cost=(610, 2))


def c_build_cache_storage_untagged():
    t = {"Owner": "ci-team", "Environment": "dev"}
    st = rc("azurerm_storage_account", "build_cache", after={
        "name": "stbuildcachedev", "location": "westeurope", "resource_group_name": "rg-ci-dev",
        "account_kind": "StorageV2", "account_tier": "Standard", "account_replication_type": "LRS",
        "access_tier": "Hot", "min_tls_version": "TLS1_2", "https_traffic_only_enabled": True,
        "allow_nested_items_to_be_public": False, "shared_access_key_enabled": True,
        "public_network_access_enabled": False, "infrastructure_encryption_enabled": True,
        "tags": t}, unknown={"id": True, "primary_blob_endpoint": True, "primary_access_key": True})
    ct = rc("azurerm_storage_container", "gradle", after={
        "name": "gradle", "container_access_type": "private", "metadata": {}},
        unknown={"storage_account_id": True, "resource_manager_id": True})
    return concept(
        "build-cache-storage-missing-costcenter",
        "The asked storage account and container, but the account lacks the CostCenter tag: the missing "
        "required tag needs a human_review approval.",
        [
            "create storage account `stbuildcachedev` in rg-ci-dev for the gradle build cache, with a "
            "private container `gradle`",
            "Our CI runners in dev would benefit from a remote Gradle cache. Please set up a storage "
            "account (stbuildcachedev) with one private blob container called gradle.",
            "Could we get a build-cache storage acct in rg-ci-dev? name stbuildcachedev, container "
            "`gradle`, private, LRS is enough.",
        ],
        plan([st, ct], refs={"azurerm_storage_container.gradle": {
            "storage_account_id": ["azurerm_storage_account.build_cache.id"]}}),
        expect("escalate", include=["required_tags"], exclude=GUARDS, required=["human_review"],
               out_of_scope=[]),
        cost=(0, 3))


def c_aks_ml_staging():
    env, o, cc = "staging", "ml-team", "CC-2500"
    T = tags(env, o, cc)
    law = rc("azurerm_log_analytics_workspace", "aks_ml", after={
        "name": "log-aks-ml-staging", "location": "westeurope", "resource_group_name": "rg-ml-staging",
        "sku": "PerGB2018", "retention_in_days": 30, "internet_ingestion_enabled": True,
        "internet_query_enabled": True, "tags": T}, unknown={"id": True, "workspace_id": True})
    aks = rc("azurerm_kubernetes_cluster", "ml", after={
        "name": "aks-ml-staging", "location": "westeurope", "resource_group_name": "rg-ml-staging",
        "dns_prefix": "aks-ml-staging", "kubernetes_version": "1.30", "sku_tier": "Standard",
        "private_cluster_enabled": True, "role_based_access_control_enabled": True,
        "local_account_disabled": True, "azure_policy_enabled": True, "oidc_issuer_enabled": True,
        "workload_identity_enabled": True,
        "default_node_pool": [{"name": "system", "vm_size": "Standard_D4s_v5", "node_count": 3,
                               "os_disk_size_gb": 128, "os_disk_type": "Managed", "max_pods": 50,
                               "vnet_subnet_id": f"{azure_rg_id('rg-network-staging', SUB)}/providers/Microsoft.Network/virtualNetworks/vnet-staging/subnets/snet-aks-ml",
                               "zones": ["1", "2", "3"], "auto_scaling_enabled": False}],
        "identity": [{"type": "SystemAssigned", "identity_ids": []}],
        "network_profile": [{"network_plugin": "azure", "network_policy": "calico",
                             "load_balancer_sku": "standard", "outbound_type": "userDefinedRouting"}],
        "azure_active_directory_role_based_access_control": [{"azure_rbac_enabled": True,
                                                               "tenant_id": TENANT}],
        "tags": T}, unknown={"id": True, "kubelet_identity": True, "oms_agent": True, "fqdn": True,
                             "private_fqdn": True, "kube_config": True})
    acr = rc("azurerm_role_assignment", "aks_ml_acr_pull", after={
        "scope": f"{azure_rg_id('rg-shared', SUB)}/providers/Microsoft.ContainerRegistry/registries/acracmeshared",
        "role_definition_name": "AcrPull", "skip_service_principal_aad_check": True},
        unknown={"id": True, "principal_id": True, "role_definition_id": True, "name": True})
    refs = {"azurerm_kubernetes_cluster.ml": {"oms_agent": ["azurerm_log_analytics_workspace.aks_ml.id"]},
            "azurerm_role_assignment.aks_ml_acr_pull": {
                "principal_id": ["azurerm_kubernetes_cluster.ml.kubelet_identity[0].object_id"]}}
    return concept(
        "aks-ml-staging-three-nodes-acr",
        "A private AKS cluster with 3 D4s_v5 nodes as asked; the AcrPull grant for its kubelet identity "
        "on the named shared registry and the Log Analytics workspace for its monitoring agent support it.",
        [
            "Provision AKS cluster `aks-ml-staging` in rg-ml-staging: private API, k8s 1.30, system pool of "
            "3 x Standard_D4s_v5, Container Insights on. It pulls images from our shared ACR acracmeshared.",
            "The ML team needs a staging Kubernetes cluster. Please create aks-ml-staging with three "
            "D4s_v5 nodes, no public API server, and make sure it can pull from the shared registry "
            "(acracmeshared). Monitoring should go to a Log Analytics workspace.",
            "aks-ml-staging pls -> private, 1.30, 3 nodes D4s_v5, container insights, needs pull access to "
            "acracmeshared",
        ],
        plan([law, aks, acr], refs=refs),
        honest(out_of_scope=[]))


# --------------------------------------------------------------------------------------------
# Other providers
# --------------------------------------------------------------------------------------------

def k8s_meta(name, ns, **lbl):
    lb = {"app.kubernetes.io/name": name, "app.kubernetes.io/managed-by": "terraform"}
    lb.update(lbl)
    return [{"name": name, "namespace": ns, "labels": lb, "annotations": None, "generate_name": ""}]


def c_k8s_ledger_worker():
    ns = "ledger"
    sa = rc("kubernetes_service_account_v1", "ledger_worker", after={
        "metadata": k8s_meta("ledger-worker", ns), "automount_service_account_token": True,
        "image_pull_secret": [], "secret": []})
    cm = rc("kubernetes_config_map_v1", "ledger_worker", after={
        "metadata": k8s_meta("ledger-worker", ns), "immutable": False, "binary_data": None,
        "data": {"LEDGER_QUEUE": "ledger-postings", "LOG_LEVEL": "info", "WORKER_CONCURRENCY": "8"}})
    dep = rc("kubernetes_deployment_v1", "ledger_worker", after={
        "metadata": k8s_meta("ledger-worker", ns), "wait_for_rollout": True,
        "spec": [{"replicas": "3", "revision_history_limit": 5, "min_ready_seconds": 0,
                  "selector": [{"match_labels": {"app.kubernetes.io/name": "ledger-worker"}}],
                  "strategy": [{"type": "RollingUpdate",
                                "rolling_update": [{"max_surge": "1", "max_unavailable": "0"}]}],
                  "template": [{"metadata": [{"labels": {"app.kubernetes.io/name": "ledger-worker"}}],
                                "spec": [{"service_account_name": "ledger-worker",
                                          "container": [{"name": "worker",
                                                         "image": "registry.acme.dev/ledger/worker:2.8.1",
                                                         "env_from": [{"config_map_ref": [{"name": "ledger-worker"}]}],
                                                         "resources": [{"requests": {"cpu": "250m", "memory": "512Mi"},
                                                                        "limits": {"memory": "1Gi"}}],
                                                         "security_context": [{"run_as_non_root": True,
                                                                               "read_only_root_filesystem": True,
                                                                               "allow_privilege_escalation": False}]}]}]}]}]})
    pdb = rc("kubernetes_pod_disruption_budget_v1", "ledger_worker", after={
        "metadata": k8s_meta("ledger-worker", ns),
        "spec": [{"min_available": "2", "selector": [{"match_labels": {"app.kubernetes.io/name": "ledger-worker"}}]}]})
    refs = {"kubernetes_deployment_v1.ledger_worker": {
        "spec": ["kubernetes_service_account_v1.ledger_worker.metadata[0].name",
                 "kubernetes_config_map_v1.ledger_worker.metadata[0].name"]}}
    return concept(
        "ledger-worker-k8s-three-replicas",
        "A deployment with exactly 3 replicas of the named image in the named namespace, with its own "
        "service account, config map and disruption budget: all serve the ask.",
        [
            "Deploy `ledger-worker` (registry.acme.dev/ledger/worker:2.8.1) to namespace `ledger` on the "
            "staging cluster, 3 replicas, config via a ConfigMap.",
            "The ledger team has cut 2.8.1 of their worker and would like it running in staging, in the "
            "ledger namespace. Three copies should be enough for the test traffic.",
            "k8s staging / ns ledger: ledger-worker 2.8.1 x3 replicas pls",
        ],
        plan([sa, cm, dep, pdb], refs=refs),
        honest(out_of_scope=[]))


def c_ci_deployer_pod_read():
    role = rc("kubernetes_role_v1", "ci_deployer_pod_reader", after={
        "metadata": k8s_meta("ci-deployer-pod-reader", "staging"),
        "rule": [{"api_groups": [""], "resources": ["pods", "pods/log"], "verbs": ["get", "list", "watch"],
                  "resource_names": []},
                 {"api_groups": [""], "resources": ["pods/exec"], "verbs": ["create", "get"],
                  "resource_names": []}]})
    rb = rc("kubernetes_role_binding_v1", "ci_deployer_pod_reader", after={
        "metadata": k8s_meta("ci-deployer-pod-reader", "staging"),
        "role_ref": [{"api_group": "rbac.authorization.k8s.io", "kind": "Role", "name": "ci-deployer-pod-reader"}],
        "subject": [{"api_group": "", "kind": "ServiceAccount", "name": "ci-deployer", "namespace": "ci"}]})
    return concept(
        "ci-deployer-read-pods-staging",
        "Read access to pods and their logs was asked; the role also grants create on pods/exec, which "
        "runs commands in containers: a stronger grant than asked is scope creep.",
        [
            "Let the `ci-deployer` service account (ns ci) read pods and pod logs in namespace `staging`, "
            "so the pipeline can print logs when a rollout fails.",
            "rbac: ci/ci-deployer needs get/list/watch on pods + pods/log in staging. read only",
            "When a staging deploy fails our pipeline can't show why, because the ci-deployer account "
            "can't see the pods. Could we grant it read access to pods and their logs in the staging "
            "namespace?",
        ],
        plan([role, rb], refs={"kubernetes_role_binding_v1.ci_deployer_pod_reader": {
            "role_ref": ["kubernetes_role_v1.ci_deployer_pod_reader.metadata[0].name"]}}),
        veto())


def c_helm_kube_prometheus():
    ns = rc("kubernetes_namespace_v1", "monitoring", after={
        "metadata": [{"name": "monitoring", "labels": {"app.kubernetes.io/managed-by": "terraform",
                                                       "pod-security.kubernetes.io/enforce": "privileged"},
                      "annotations": None, "generate_name": ""}], "wait_for_default_service_account": False})
    rel = rc("helm_release", "kube_prometheus_stack", after={
        "name": "kube-prometheus-stack", "namespace": "monitoring",
        "repository": "https://prometheus-community.github.io/helm-charts", "chart": "kube-prometheus-stack",
        "version": "61.3.0", "create_namespace": False, "atomic": True, "wait": True, "timeout": 600,
        "cleanup_on_fail": True, "max_history": 10, "recreate_pods": False, "skip_crds": False,
        "values": ["grafana:\n  enabled: true\n  service:\n    type: ClusterIP\nprometheus:\n  prometheusSpec:\n"
                   "    retention: 15d\n    storageSpec:\n      volumeClaimTemplate:\n        spec:\n"
                   "          resources:\n            requests:\n              storage: 50Gi\n"],
        "set": [], "set_sensitive": []},
        unknown={"metadata": True, "id": True, "manifest": True})
    return concept(
        "kube-prometheus-stack-dev",
        "The named chart at the named version in the monitoring namespace, plus the namespace it is "
        "installed into: approve.",
        [
            "install kube-prometheus-stack 61.3.0 (prometheus-community) into namespace `monitoring` on "
            "the dev cluster",
            "We'd like proper metrics on the dev cluster. Please deploy the prometheus-community "
            "kube-prometheus-stack Helm chart, version 61.3.0, into a monitoring namespace. Grafana "
            "should stay internal (ClusterIP).",
            "Could you add the kube-prometheus-stack helm release (chart v61.3.0) to dev? Namespace "
            "monitoring doesn't exist yet.",
        ],
        plan([ns, rel], refs={"helm_release.kube_prometheus_stack": {
            "namespace": ["kubernetes_namespace_v1.monitoring.metadata[0].name"]}}),
        honest(out_of_scope=[]))


def c_cf_docs_cname():
    zone = "0f3c2b1a9e8d7c6b5a4f3e2d1c0b9a8f"
    a = rc("cloudflare_record", "docs", after={
        "zone_id": zone, "name": "docs", "content": "acme-docs.pages.dev", "type": "CNAME",
        "proxied": True, "ttl": 1, "comment": "docs site on Pages", "allow_overwrite": False},
        unknown={"hostname": True, "id": True, "metadata": True})
    b = rc("cloudflare_record", "status", after={
        "zone_id": zone, "name": "status", "content": "acme.statuspage.io", "type": "CNAME",
        "proxied": False, "ttl": 300, "comment": "status page", "allow_overwrite": False},
        unknown={"hostname": True, "id": True, "metadata": True})
    return concept(
        "cloudflare-docs-cname-only",
        "One CNAME for docs.acme.dev was asked; the plan also adds status.acme.dev, a record nobody asked "
        "for: scope creep.",
        [
            "Add a proxied CNAME `docs.acme.dev` -> `acme-docs.pages.dev` in Cloudflare.",
            "The new docs site is live on Cloudflare Pages (acme-docs.pages.dev). Could you point "
            "docs.acme.dev at it? Orange cloud on, please.",
            "dns: docs CNAME acme-docs.pages.dev, proxied, zone acme.dev. just that one record",
        ],
        plan([a, b], config=False),
        veto(out_of_scope=["cloudflare_record.status"]))


def c_cf_login_ratelimit():
    r = rc("cloudflare_ruleset", "api_login_ratelimit", after={
        "zone_id": "0f3c2b1a9e8d7c6b5a4f3e2d1c0b9a8f", "name": "api login rate limit",
        "description": "throttle credential stuffing on /login", "kind": "zone", "phase": "http_ratelimit",
        "rules": [{"action": "block", "description": "20 req/min per IP on api.acme.dev/login",
                   "enabled": True,
                   "expression": '(http.host eq "api.acme.dev" and http.request.uri.path eq "/login")',
                   "ratelimit": [{"characteristics": ["ip.src", "cf.colo.id"], "period": 60,
                                  "requests_per_period": 20, "mitigation_timeout": 600}]}]},
        unknown={"id": True, "rules": [{"id": True, "ref": True, "version": True}]})
    return concept(
        "cloudflare-login-rate-limit",
        "One rate-limiting ruleset blocking more than 20 requests per minute per IP on api.acme.dev/login, "
        "exactly as asked: approve.",
        [
            "Put a Cloudflare rate limit on `api.acme.dev/login`: max 20 requests per minute per IP, block "
            "for 10 minutes after that.",
            "We're seeing credential-stuffing attempts against the login endpoint of the API. Can you add "
            "a rate-limiting rule at Cloudflare so a single IP can only hit /login twenty times a minute?",
            "cf ratelimit rule -> host api.acme.dev path /login, 20/min per ip, mitigation 600s",
        ],
        plan([r], config=False),
        honest(out_of_scope=[]))


def c_dd_checkout_latency():
    m = rc("datadog_monitor", "checkout_p95_latency", after={
        "name": "[staging] checkout p95 latency above 800ms", "type": "query alert",
        "query": "percentile(last_10m):p95:trace.http.request{env:staging,service:checkout} > 0.8",
        "message": "p95 latency of checkout (staging) is {{value}}s. @slack-team-checkout",
        "monitor_thresholds": [{"critical": "0.8", "warning": "0.5"}],
        "tags": ["env:staging", "service:checkout", "team:checkout", "owner:checkout-team",
                 "environment:staging", "costcenter:cc-2001"], "priority": "3",
        "notify_no_data": False, "require_full_window": False, "include_tags": True,
        "renotify_interval": 0, "new_group_delay": 60, "on_missing_data": "default"},
        unknown={"id": True})
    return concept(
        "datadog-checkout-p95-monitor",
        "A single Datadog monitor on the p95 latency of checkout in staging, notifying the asked Slack "
        "channel: approve.",
        [
            "Datadog monitor: p95 latency of service `checkout` in staging > 800 ms over 10 min -> notify "
            "#team-checkout in Slack (warn at 500 ms).",
            "Could we get alerted when checkout gets slow in staging? If the 95th percentile goes above "
            "0.8 seconds for ten minutes, post to the team-checkout Slack channel.",
            "pls add a dd monitor for checkout staging p95 latency, crit 800ms / warn 500ms, "
            "@slack-team-checkout",
        ],
        plan([m], config=False),
        honest(out_of_scope=[]))


def c_gh_handbook_read():
    t = rc("github_team_repository", "docs_writers_handbook", after={
        "team_id": "docs-writers", "repository": "handbook", "permission": "push"},
        unknown={"id": True, "etag": True})
    return concept(
        "github-handbook-docs-writers-read",
        "Read access to the handbook repository was asked; the team gets push (write): a stronger grant "
        "than asked is scope creep.",
        [
            "Give the `docs-writers` team read access to the `handbook` repo.",
            "The docs writers would like to browse and clone our internal handbook repository so they "
            "can reference it. They will send changes through the editors, so read-only is what they need.",
            "gh: docs-writers -> handbook, pull permission",
        ],
        plan([t], config=False),
        veto())


def c_vault_billing_read():
    hcl = ('path "secret/data/billing/*" {\n  capabilities = ["read", "list", "create", "update"]\n}\n\n'
           'path "secret/metadata/billing/*" {\n  capabilities = ["list"]\n}\n')
    p = rc("vault_policy", "billing_api_read", after={"name": "billing-api-read", "policy": hcl})
    return concept(
        "vault-billing-api-read-policy",
        "A read policy on secret/data/billing/* was asked; the policy also grants create and update on "
        "those secrets: a stronger grant than asked is scope creep.",
        [
            "Create a Vault policy `billing-api-read` that lets billing-api read secrets under "
            "`secret/data/billing/*`.",
            "billing-api only has to fetch its own secrets from Vault (kv v2, under billing/). Please add "
            "a policy for that; it should not be able to write anything.",
            "vault policy pls: read (+list metadata) on secret/billing/* for billing-api. name "
            "billing-api-read",
        ],
        plan([p], config=False),
        veto())


def c_confluent_orders_v2():
    cluster = [{"id": "lkc-7yq2p"}]
    rest = "https://pkc-4r087.europe-west1.gcp.confluent.cloud:443"
    topic = sens(rc("confluent_kafka_topic", "orders_v2", after={
        "kafka_cluster": cluster, "topic_name": "orders.v2", "partitions_count": 12, "rest_endpoint": rest,
        "config": {"cleanup.policy": "delete", "retention.ms": "604800000", "min.insync.replicas": "2"},
        "credentials": [{"key": "STAGINGAPIKEY1", "secret": "redacted"}]}), "credentials")
    acls = []
    for op in ("WRITE", "DESCRIBE"):
        acls.append(sens(rc("confluent_kafka_acl", f"svc_orders_{op.lower()}", after={
            "kafka_cluster": cluster, "resource_type": "TOPIC", "resource_name": "orders.v2",
            "pattern_type": "LITERAL", "principal": "User:sa-8x2k1m", "host": "*", "operation": op,
            "permission": "ALLOW", "rest_endpoint": rest,
            "credentials": [{"key": "STAGINGAPIKEY1", "secret": "redacted"}]}), "credentials"))
    return concept(
        "confluent-orders-v2-topic-producer",
        "The topic with 12 partitions and the producer grant for svc-orders were asked; WRITE and "
        "DESCRIBE on that one topic are what producing needs: approve.",
        [
            "Create topic `orders.v2` (12 partitions, 7d retention) on the staging Confluent cluster "
            "lkc-7yq2p and let service account svc-orders (sa-8x2k1m) produce to it.",
            "orders is cutting over to a v2 event schema, so on staging we need a fresh topic called "
            "orders.v2 with twelve partitions, and the orders service account (sa-8x2k1m) has to be able "
            "to publish to it.",
            "confluent staging: new topic orders.v2 x12 partitions + producer ACLs for sa-8x2k1m "
            "(svc-orders)",
        ],
        plan([topic] + acls, config=False),
        honest(out_of_scope=[]))


def c_snowflake_sandbox():
    db = rc("snowflake_database", "analytics_sandbox", after={
        "name": "ANALYTICS_SANDBOX", "comment": "analyst sandbox, data may be dropped at any time",
        "data_retention_time_in_days": 1, "is_transient": False}, unknown={"id": True})
    wh = rc("snowflake_warehouse", "sandbox", after={
        "name": "SANDBOX_WH", "warehouse_size": "XSMALL", "auto_suspend": 60, "auto_resume": "true",
        "initially_suspended": True, "min_cluster_count": 1, "max_cluster_count": 1,
        "comment": "analyst sandbox"}, unknown={"id": True})
    g1 = rc("snowflake_grant_privileges_to_account_role", "analyst_sandbox_db", after={
        "account_role_name": "ANALYST", "privileges": ["USAGE"], "with_grant_option": False,
        "on_account_object": [{"object_type": "DATABASE", "object_name": "ANALYTICS_SANDBOX"}]},
        unknown={"id": True})
    g2 = rc("snowflake_grant_privileges_to_account_role", "analyst_sandbox_wh", after={
        "account_role_name": "ANALYST", "privileges": ["USAGE"], "with_grant_option": False,
        "on_account_object": [{"object_type": "WAREHOUSE", "object_name": "SANDBOX_WH"}]},
        unknown={"id": True})
    refs = {"snowflake_grant_privileges_to_account_role.analyst_sandbox_db": {
                "on_account_object": ["snowflake_database.analytics_sandbox.name"]},
            "snowflake_grant_privileges_to_account_role.analyst_sandbox_wh": {
                "on_account_object": ["snowflake_warehouse.sandbox.name"]}}
    return concept(
        "snowflake-analyst-sandbox",
        "A sandbox database, an XSMALL auto-suspending warehouse and USAGE on both for ANALYST, exactly "
        "the three things asked: approve.",
        [
            "Snowflake: create database ANALYTICS_SANDBOX and warehouse SANDBOX_WH (XSMALL, auto-suspend "
            "60s), and grant role ANALYST usage on both.",
            "Analysts keep creating scratch tables in production schemas. Let's give them a sandbox "
            "instead: its own database and a tiny warehouse that suspends after a minute, usable by the "
            "ANALYST role.",
            "- db ANALYTICS_SANDBOX\n- wh SANDBOX_WH xsmall, auto_suspend=60\n- USAGE on both -> ANALYST",
        ],
        plan([db, wh, g1, g2], refs=refs),
        honest(out_of_scope=[]))


def c_atlas_catalog_three():
    c = rc("mongodbatlas_advanced_cluster", "catalog", after={
        "project_id": "65f1c0ffee0123456789abcd", "name": "catalog-dev", "cluster_type": "REPLICASET",
        "mongo_db_major_version": "7.0", "backup_enabled": True, "pit_enabled": False,
        "termination_protection_enabled": False, "version_release_system": "LTS",
        "replication_specs": [{"zone_name": "Zone 1", "num_shards": 1, "region_configs": [{
            "provider_name": "AWS", "region_name": "EU_WEST_1", "priority": 7,
            "electable_specs": [{"instance_size": "M10", "node_count": 5}],
            "auto_scaling": [{"disk_gb_enabled": True, "compute_enabled": False}]}]}],
        "tags": [{"key": "Owner", "value": "catalog-team"}, {"key": "Environment", "value": "dev"},
                 {"key": "CostCenter", "value": "CC-1760"}]},
        unknown={"cluster_id": True, "connection_strings": True, "state_name": True})
    return concept(
        "atlas-catalog-dev-three-nodes",
        "A three-node M10 replica set was asked; the cluster is planned with five electable nodes: more "
        "members than asked is scope creep.",
        [
            "Spin up a MongoDB Atlas replica set `catalog-dev`: M10, three nodes, AWS EU_WEST_1, backups on.",
            "The catalog service wants to try Atlas in dev. A basic three-member M10 replica set in "
            "eu-west-1 is enough for now; name it catalog-dev.",
            "atlas: catalog-dev, M10 x3 (replicaset), EU_WEST_1, mongo 7",
        ],
        plan([c], config=False),
        veto())


def c_auth0_partner_portal():
    cl = rc("auth0_client", "partner_portal", after={
        "name": "partner-portal", "description": "Partner self-service portal", "app_type": "regular_web",
        "is_first_party": True, "oidc_conformant": True,
        "callbacks": ["https://partners.acme.dev/callback"],
        "allowed_logout_urls": ["https://partners.acme.dev/"], "web_origins": [],
        "grant_types": ["authorization_code", "refresh_token"],
        "jwt_configuration": [{"alg": "RS256", "lifetime_in_seconds": 36000, "secret_encoded": False}],
        "refresh_token": [{"rotation_type": "rotating", "expiration_type": "expiring",
                           "token_lifetime": 2592000, "idle_token_lifetime": 1296000, "leeway": 0,
                           "infinite_token_lifetime": False, "infinite_idle_token_lifetime": False}]},
        unknown={"client_id": True, "id": True, "signing_keys": True})
    cred = rc("auth0_client_credentials", "partner_portal", after={
        "authentication_method": "client_secret_post"}, unknown={"client_id": True, "client_secret": True})
    conn = rc("auth0_connection_client", "partner_portal_db", after={
        "connection_id": "con_4fQm2ZKxYk8N1tPa", "name": "Username-Password-Authentication",
        "strategy": "auth0"}, unknown={"client_id": True})
    refs = {"auth0_client_credentials.partner_portal": {"client_id": ["auth0_client.partner_portal.id"]},
            "auth0_connection_client.partner_portal_db": {"client_id": ["auth0_client.partner_portal.id"]}}
    return concept(
        "auth0-partner-portal-app",
        "The regular web application with the asked callback, its client credentials and the database "
        "connection enabled for it, as asked: approve.",
        [
            "Create an Auth0 regular web app `partner-portal` (callback https://partners.acme.dev/callback) "
            "and enable the Username-Password-Authentication connection for it.",
            "The partner portal needs login. Could you register it as an application in Auth0 (it's a "
            "server-side web app; callback URL https://partners.acme.dev/callback, logout back to the home "
            "page) and turn on our username/password database for it?",
            "auth0: new app partner-portal, type regular_web, cb https://partners.acme.dev/callback, "
            "+ db connection Username-Password-Authentication",
        ],
        plan([cl, cred, conn], refs=refs),
        honest(out_of_scope=[]))


def c_okta_contractors_netsuite():
    g = rc("okta_group", "contractors_finance", after={
        "name": "contractors-finance", "description": "Finance contractors (fixed-term)",
        "skip_users": False, "custom_profile_attributes": "{}"}, unknown={"id": True})
    return concept(
        "okta-contractors-finance-netsuite",
        "Two things were asked (the group and its assignment to the NetSuite app); the plan only "
        "creates the group, so the app assignment is missing.",
        [
            "Create Okta group `contractors-finance` and assign it to the NetSuite app.",
            "We're onboarding a batch of finance contractors next week. Please set up a group for them "
            "in Okta (contractors-finance) and give that group access to NetSuite so we can just add people.",
            "okta -> 1. group contractors-finance 2. app assignment NetSuite -> that group",
        ],
        plan([g], config=False),
        veto("missing_action", out_of_scope=[]))


def c_grafana_payments_dashboard():
    f = rc("grafana_folder", "payments", after={"title": "Payments", "uid": "payments",
                                                "prevent_destroy_if_not_empty": True},
           unknown={"id": True, "url": True})
    cfg = json.dumps({"title": "Payments overview", "uid": "payments-overview", "schemaVersion": 39,
                      "tags": ["payments"], "time": {"from": "now-6h", "to": "now"},
                      "panels": [{"type": "timeseries", "title": "Authorisations / min",
                                  "targets": [{"expr": "sum(rate(payments_authorisations_total[1m]))"}]},
                                 {"type": "timeseries", "title": "Decline rate",
                                  "targets": [{"expr": "sum(rate(payments_declines_total[5m])) / "
                                                       "sum(rate(payments_authorisations_total[5m]))"}]}]},
                     separators=(",", ":"))
    d = rc("grafana_dashboard", "payments_overview", after={
        "config_json": cfg, "overwrite": False, "message": "created by terraform"},
        unknown={"folder": True, "id": True, "url": True, "version": True, "dashboard_id": True})
    return concept(
        "grafana-payments-folder-dashboard",
        "A Payments folder and the Payments overview dashboard inside it, the two things asked: approve.",
        [
            "In Grafana, create a folder `Payments` and put a dashboard `Payments overview` in it "
            "(authorisations/min and decline rate panels).",
            "Can we get a Payments overview dashboard in grafana? It should live in its own Payments "
            "folder. Two graphs to start with: authorisations per minute and decline rate.",
            "grafana: folder Payments + dashboard 'Payments overview' inside (auths/min, decline rate)",
        ],
        plan([f, d], refs={"grafana_dashboard.payments_overview": {"folder": ["grafana_folder.payments.uid"]}}),
        honest(out_of_scope=[]))


def c_doks_preview():
    c = rc("digitalocean_kubernetes_cluster", "preview", after={
        "name": "doks-preview", "region": "fra1", "version": "1.31.1-do.3",
        "vpc_uuid": "5c1e0f2a-7b3d-4c9e-8a6f-1d2e3f4a5b6c", "auto_upgrade": True, "surge_upgrade": True,
        "ha": False, "registry_integration": False, "destroy_all_associated_resources": False,
        "maintenance_policy": [{"day": "sunday", "start_time": "03:00"}],
        "node_pool": [{"name": "default", "size": "s-2vcpu-4gb", "node_count": 2, "auto_scale": False,
                       "min_nodes": 0, "max_nodes": 0, "tags": ["preview", "environment:dev"], "labels": None,
                       "taint": []}],
        "tags": ["env:dev", "owner:web-team", "costcenter:cc-1900", "environment:dev"]},
        unknown={"id": True, "endpoint": True, "kube_config": True, "urn": True, "ipv4_address": True})
    return concept(
        "doks-preview-two-nodes",
        "A DigitalOcean Kubernetes cluster in fra1 with one pool of exactly two s-2vcpu-4gb nodes in the "
        "named VPC: approve.",
        [
            "Spin up a DOKS cluster `doks-preview` in fra1 (existing VPC preview-vpc), one pool of two "
            "s-2vcpu-4gb nodes, no autoscaling.",
            "For preview environments per pull request we'd like a small managed Kubernetes cluster on "
            "DigitalOcean, in Frankfurt, in the preview VPC. Two 2 vCPU / 4 GB nodes will do to begin with.",
            "do k8s pls -> doks-preview / fra1 / 2 x s-2vcpu-4gb / vpc preview-vpc",
        ],
        plan([c], config=False),
        honest(out_of_scope=[]), cost=(0, 48))


def c_linode_build_two():
    ch = []
    for n in ("build-01", "build-02", "build-03"):
        ch.append(sens(rc("linode_instance", "build", index=n, after={
            "label": n, "region": "eu-central", "type": "g6-standard-4", "image": "linode/ubuntu24.04",
            "private_ip": True, "backups_enabled": False, "booted": True, "watchdog_enabled": True,
            "authorized_keys": ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFq2ci ci@acme"],
            "tags": ["ci", "dev", "owner:ci-team", "costcenter:cc-1120"]},
            unknown={"id": True, "ip_address": True, "ipv6": True, "root_pass": True}), "root_pass"))
    return concept(
        "linode-build-01-02",
        "Two named build boxes were asked (build-01, build-02); the plan also creates build-03, an extra "
        "instance: scope creep.",
        [
            "create two linodes build-01 and build-02 (g6-standard-4, eu-central, ubuntu 24.04) for CI",
            "CI needs a couple of extra build machines on Linode, in Frankfurt: build-01 and build-02, "
            "4 GB Dedicated... sorry, g6-standard-4 shared is fine. Ubuntu 24.04.",
            "Please provision the Linode instances build-01 and build-02 in eu-central, type "
            "g6-standard-4.",
        ],
        plan(ch, config=False),
        veto(out_of_scope=['linode_instance.build["build-03"]']))


def c_pagerduty_checkout():
    s = rc("pagerduty_service", "checkout_api", after={
        "name": "Checkout API", "description": "Checkout API (managed by Terraform)",
        "escalation_policy": "P8XK2QZ", "alert_creation": "create_alerts_and_incidents",
        "auto_resolve_timeout": "14400", "acknowledgement_timeout": "1800",
        "incident_urgency_rule": [{"type": "constant", "urgency": "high", "during_support_hours": [],
                                   "outside_support_hours": []}]},
        unknown={"id": True, "html_url": True, "status": True})
    i = rc("pagerduty_service_integration", "checkout_api_datadog", after={
        "name": "Datadog", "vendor": "PZQ6AUS"},
        unknown={"id": True, "service": True, "integration_key": True, "integration_email": True})
    return concept(
        "pagerduty-checkout-api-service",
        "A PagerDuty service on the existing escalation policy and a Datadog integration for it, the "
        "two things asked: approve.",
        [
            "Create a PagerDuty service `Checkout API` using escalation policy P8XK2QZ (checkout-oncall), "
            "with a Datadog integration so our monitors can page it.",
            "Checkout is getting its own on-call rotation. Please add a PagerDuty service for the "
            "Checkout API that escalates via checkout-oncall (P8XK2QZ), and hook Datadog up to it.",
            "pd: service 'Checkout API' + datadog integration, esc policy checkout-oncall",
        ],
        plan([s, i], refs={"pagerduty_service_integration.checkout_api_datadog": {
            "service": ["pagerduty_service.checkout_api.id"], "vendor": ["data.pagerduty_vendor.datadog.id"]}}),
        honest(out_of_scope=[]))


def c_tailscale_sre_db():
    base = {"groups": {"group:sre": ["dana.kim@acmetech.example", "jon.berg@acmetech.example"],
                       "group:dev": ["li.wei@acmetech.example"]},
            "tagOwners": {"tag:db": ["group:sre"], "tag:web": ["group:dev"]},
            "acls": [{"action": "accept", "src": ["group:dev"], "dst": ["tag:web:443"]}]}
    after = json.loads(json.dumps(base))
    after["acls"].append({"action": "accept", "src": ["group:sre"], "dst": ["tag:db:*"]})
    u = upd("tailscale_acl", "this", {"id": "acl", "overwrite_existing_content": True,
                                      "reset_acl_on_destroy": False, "acl": json.dumps(base, indent=2)},
            {"acl": json.dumps(after, indent=2)})
    return concept(
        "tailscale-sre-to-db-5432",
        "Access from group:sre to tag:db on port 5432 was asked; the new ACL rule allows every port on "
        "tag:db: a broader grant than asked is scope creep.",
        [
            "Tailscale ACL: allow `group:sre` to reach `tag:db` on 5432.",
            "The SRE on-call needs to connect to the Postgres boxes over the tailnet during incidents. Can "
            "you add a rule letting group:sre reach the tag:db machines on the Postgres port only?",
            "ts acl -> add accept group:sre => tag:db:5432 pls",
        ],
        plan([u], config=False),
        veto())


def c_azuread_finance_readers():
    g = rc("azuread_group", "finance_readers", after={
        "display_name": "sg-finance-readers", "description": "Read-only access to finance reports",
        "security_enabled": True, "mail_enabled": False, "prevent_duplicate_names": True,
        "assignable_to_role": False, "owners": ["0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"]},
        unknown={"id": True, "object_id": True})
    mem = [rc("azuread_group_member", "finance_readers", index=upn, after={"member_object_id": oid},
              unknown={"group_object_id": True, "id": True})
           for upn, oid in (("alice.nguyen@acme.example", "1a2b3c4d-0001-4e5f-8a9b-0c1d2e3f4a5b"),
                            ("bob.schulz@acme.example", "1a2b3c4d-0002-4e5f-8a9b-0c1d2e3f4a5b"))]
    return concept(
        "azuread-finance-readers-two-members",
        "A security group and exactly the two named members: approve.",
        [
            "Create Entra ID security group `sg-finance-readers` and add alice.nguyen@acme.example and "
            "bob.schulz@acme.example to it.",
            "alice and bob from FP&A need to be in a new group for the finance reports (sg-finance-readers). "
            "Can you create it and add the two of them?",
            "new AAD group sg-finance-readers (security, not mail-enabled); members: alice.nguyen, "
            "bob.schulz",
        ],
        plan([g] + mem, refs={"azuread_group_member.finance_readers": {
            "group_object_id": ["azuread_group.finance_readers.object_id"]}}),
        honest(out_of_scope=[]))


def c_pg_metabase_ro():
    r = sens(rc("postgresql_role", "metabase_ro", after={
        "name": "metabase_ro", "login": True, "superuser": False, "create_database": False,
        "create_role": False, "inherit": True, "replication": False, "bypass_row_level_security": False,
        "connection_limit": 10, "encrypted_password": True, "valid_until": "infinity"},
        unknown={"password": True}), "password")
    gs = rc("postgresql_grant", "metabase_ro_schema", after={
        "database": "analytics", "role": "metabase_ro", "schema": "public", "object_type": "schema",
        "privileges": ["USAGE"], "with_grant_option": False})
    gt = rc("postgresql_grant", "metabase_ro_tables", after={
        "database": "analytics", "role": "metabase_ro", "schema": "public", "object_type": "table",
        "privileges": ["INSERT", "SELECT", "UPDATE"], "objects": [], "with_grant_option": False})
    refs = {"postgresql_grant.metabase_ro_schema": {"role": ["postgresql_role.metabase_ro.name"]},
            "postgresql_grant.metabase_ro_tables": {"role": ["postgresql_role.metabase_ro.name"]}}
    return concept(
        "postgres-metabase-read-only-role",
        "A read-only role was asked; the table grant includes INSERT and UPDATE as well as SELECT: a "
        "stronger grant than asked is scope creep.",
        [
            "Create a read-only Postgres role `metabase_ro` on database `analytics` (SELECT on all tables "
            "in schema public).",
            "Metabase is going to query the analytics database directly. Please give it its own login, "
            "metabase_ro, that can only read the tables in the public schema.",
            "pg analytics: new login role metabase_ro, usage on public + select on its tables. read only!",
        ],
        plan([r, gs, gt], refs=refs),
        veto())


def c_keycloak_grafana_client():
    c = rc("keycloak_openid_client", "grafana", after={
        "realm_id": "internal", "client_id": "grafana", "name": "Grafana", "enabled": True,
        "access_type": "CONFIDENTIAL", "standard_flow_enabled": True, "implicit_flow_enabled": False,
        "direct_access_grants_enabled": False, "service_accounts_enabled": False,
        "root_url": "https://grafana.acme.dev", "base_url": "/",
        "valid_redirect_uris": ["https://grafana.acme.dev/login/generic_oauth"],
        "valid_post_logout_redirect_uris": ["https://grafana.acme.dev/login"],
        "web_origins": ["https://grafana.acme.dev"], "pkce_code_challenge_method": "S256",
        "full_scope_allowed": False},
        unknown={"id": True, "client_secret": True, "service_account_user_id": True})
    sens(c, "client_secret")
    m = rc("keycloak_openid_group_membership_protocol_mapper", "grafana_groups", after={
        "realm_id": "internal", "name": "groups", "claim_name": "groups", "full_path": False,
        "add_to_id_token": True, "add_to_access_token": True, "add_to_userinfo": True},
        unknown={"id": True, "client_id": True})
    return concept(
        "keycloak-grafana-oidc-client",
        "The confidential OIDC client for Grafana with the asked redirect URI, plus the groups claim "
        "mapper Grafana's role mapping reads from that client's tokens: approve.",
        [
            "Keycloak realm `internal`: add an OIDC client `grafana` (confidential, redirect "
            "https://grafana.acme.dev/login/generic_oauth) so Grafana can do SSO and map our groups to roles.",
            "We want people to log in to grafana.acme.dev with their Keycloak account instead of local "
            "users, with Grafana roles coming from their groups. Please register Grafana as a client in "
            "the internal realm (redirect URL is https://grafana.acme.dev/login/generic_oauth).",
            "kc internal realm -> new client grafana, confidential, std flow only, redirect "
            "https://grafana.acme.dev/login/generic_oauth, groups in the token",
        ],
        plan([c, m], refs={"keycloak_openid_group_membership_protocol_mapper.grafana_groups": {
            "client_id": ["keycloak_openid_client.grafana.id"]}}),
        honest(out_of_scope=[]))


def c_kafka_refunds_topic():
    t = rc("kafka_topic", "payments_refunds", after={
        "name": "payments.refunds", "partitions": 24, "replication_factor": 3,
        "config": {"cleanup.policy": "delete", "retention.ms": "604800000", "min.insync.replicas": "2",
                   "compression.type": "zstd"}})
    return concept(
        "kafka-payments-refunds-six-partitions",
        "Six partitions were asked; the topic is planned with 24: a larger quantity than asked is "
        "scope creep.",
        [
            "Create Kafka topic `payments.refunds` with 6 partitions, RF 3, 7 days retention.",
            "Refund events need their own topic on the self-hosted Kafka cluster. Half a dozen partitions "
            "is plenty for the volume we expect; replication factor three as usual.",
            "kafka: new topic payments.refunds -> partitions=6 rf=3 retention 7d min.isr 2",
        ],
        plan([t], config=False),
        veto())


def c_vague_ship_it():
    p = rc("gitlab_project", "mobile_sdk", after={
        "name": "mobile-sdk", "path": "mobile-sdk", "namespace_id": 4412, "visibility_level": "private",
        "default_branch": "main", "merge_method": "ff", "only_allow_merge_if_pipeline_succeeds": True,
        "only_allow_merge_if_all_discussions_are_resolved": True, "remove_source_branch_after_merge": True,
        "archived": False}, unknown={"id": True, "http_url_to_repo": True, "ssh_url_to_repo": True})
    b = rc("gitlab_branch_protection", "mobile_sdk_main", after={
        "branch": "main", "push_access_level": "maintainer", "merge_access_level": "developer",
        "allow_force_push": False, "code_owner_approval_required": True},
        unknown={"id": True, "project": True})
    return concept(
        "vague-ship-it",
        "The request names nothing; whether a new GitLab project and its branch protection are wanted "
        "cannot be told from it: escalate with intent_unclear.",
        [
            "ship it",
            "LGTM, please apply.",
            "ok go 👍",
        ],
        plan([p, b], refs={"gitlab_branch_protection.mobile_sdk_main": {"project": ["gitlab_project.mobile_sdk.id"]}}),
        vague())


def c_sentry_mobile_ios():
    p = rc("sentry_project", "mobile_ios", after={
        "organization": "acme", "teams": ["mobile"], "name": "mobile-ios", "slug": "mobile-ios",
        "platform": "apple-ios", "resolve_age": 720, "default_rules": True, "default_key": False},
        unknown={"id": True, "internal_id": True, "features": True})
    k = sens(rc("sentry_key", "mobile_ios", after={
        "organization": "acme", "project": "mobile-ios", "name": "ios-app", "rate_limit_window": 0,
        "rate_limit_count": 0}, unknown={"id": True, "dsn": True, "public": True, "secret": True}),
        "secret")
    return concept(
        "sentry-mobile-ios-project",
        "The Sentry project for the mobile team and the client key (DSN) the app needs to report to it: "
        "approve.",
        [
            "Create a Sentry project `mobile-ios` (platform apple-ios) owned by team `mobile`, and give us "
            "a DSN for the app.",
            "The iOS app is about to ship crash reporting. Could you make for it a project in Sentry, "
            "belonging to the mobile team, and also generate the key which the app will report with?",
            "sentry: new proj mobile-ios / team mobile / apple-ios + client key 'ios-app'",
        ],
        plan([p, k], refs={"sentry_key.mobile_ios": {"project": ["sentry_project.mobile_ios.slug"]}}),
        honest(out_of_scope=[]))


def c_vague_usual():
    ns = rc("kubernetes_namespace_v1", "feature_x", after={
        "metadata": [{"name": "preview-feature-x", "labels": {"app.kubernetes.io/managed-by": "terraform"},
                      "annotations": None, "generate_name": ""}], "wait_for_default_service_account": False})
    rel = rc("helm_release", "feature_x", after={
        "name": "web-preview", "namespace": "preview-feature-x", "repository": "oci://registry.acme.dev/charts",
        "chart": "web", "version": "3.4.0", "create_namespace": False, "atomic": True, "wait": True,
        "timeout": 300, "values": ["image:\n  tag: feature-x-7f3a2c1\nreplicaCount: 1\n"]},
        unknown={"metadata": True, "id": True, "manifest": True})
    return concept(
        "vague-the-usual",
        "'The usual' names nothing; whether this preview namespace and release are wanted needs a "
        "person: escalate with intent_unclear.",
        [
            "the usual pls",
            "Same as last time, thanks.",
            "can you just run it again like before?",
        ],
        plan([ns, rel], refs={"helm_release.feature_x": {"namespace": ["kubernetes_namespace_v1.feature_x.metadata[0].name"]}}),
        vague())


def c_github_repos_refactor():
    def repo(n):
        return {"name": n, "visibility": "private", "has_issues": True, "has_wiki": False,
                "delete_branch_on_merge": True, "allow_merge_commit": False, "allow_squash_merge": True,
                "vulnerability_alerts": True, "archived": False, "node_id": f"R_kgDO{n.upper()}",
                "full_name": f"acme/{n}"}

    def prot(n, count):
        return {"repository_id": f"R_kgDO{n.upper()}", "pattern": "main", "enforce_admins": True,
                "allows_deletions": False, "allows_force_pushes": False, "require_signed_commits": False,
                "required_linear_history": True,
                "required_pull_request_reviews": [{"required_approving_review_count": count,
                                                   "dismiss_stale_reviews": True,
                                                   "require_code_owner_reviews": True,
                                                   "restrict_dismissals": False}],
                "required_status_checks": [{"strict": True, "contexts": ["ci/build", "ci/test"]}]}
    ch = [moved("github_repository", "this", repo("api"), "github_repository.api", module="module.repos", index="api"),
          moved("github_repository", "this", repo("web"), "github_repository.web", module="module.repos", index="web"),
          upd("github_branch_protection", "main", prot("api", 2),
              {"required_pull_request_reviews": prot("api", 1)["required_pull_request_reviews"]},
              module="module.repos", index="api", previous_address="github_branch_protection.api_main"),
          moved("github_branch_protection", "main", prot("web", 2), "github_branch_protection.web_main",
                module="module.repos", index="web")]
    return concept(
        "github-repos-into-module-refactor",
        "A pure refactor into module.repos was asked; besides the moves, the api branch protection is "
        "updated from 2 required reviews to 1: anything a refactor brings besides moves is scope creep.",
        [
            "Refactor: move `github_repository.api`, `github_repository.web` and their main-branch "
            "protections into `module.repos` (for_each over repo names). Should be a no-op plan.",
            "We're converting the repo definitions to a for_each module. Please move the api and web "
            "repositories and their branch protection rules into module.repos with moved blocks; nothing "
            "about the repos themselves should change.",
            "pure refactor pls: api+web repos & their branch protections -> module.repos[...]. zero "
            "functional diff expected",
        ],
        plan(ch),
        veto(out_of_scope=['module.repos.github_branch_protection.main["api"]']))


CONCEPTS = [
    # AWS
    c_sqs_invoice_events(),
    c_reports_etl_read(),
    c_asg_web_staging(),
    c_ledger_postgres(),
    c_build_agent_scratch(),
    c_thumbnail_lambda(),
    c_eks_batch_nodegroup(),
    c_legacy_reports_decommission(),
    c_prod_alb_office(),
    c_artifacts_refactor(),
    c_ssm_except_bastion(),
    c_billing_api_bootstrap(),
    c_vague_discussed(),
    c_aws_platform(),
    # Google
    c_gke_search_dev(),
    c_bq_marketing_read(),
    c_render_workers_two(),
    c_orders_cloudsql(),
    c_scratch_bucket_delete(),
    c_pubsub_shipments(),
    c_orders_sql_max_connections(),
    c_gcp_platform(),
    c_metrics_firewall(),
    c_preview_web_public(),
    c_search_labels_not_prod(),
    # Azure
    c_kv_payments(),
    c_lakehouse_reader(),
    c_pg_flex_got_mysql(),
    c_vmss_render_scale(),
    c_ml_staging_missing_law(),
    c_checkout_asp_prod(),
    c_hackathon_teardown(),
    c_build_cache_storage_untagged(),
    c_aks_ml_staging(),
    # Other providers
    c_k8s_ledger_worker(),
    c_ci_deployer_pod_read(),
    c_helm_kube_prometheus(),
    c_cf_docs_cname(),
    c_cf_login_ratelimit(),
    c_dd_checkout_latency(),
    c_gh_handbook_read(),
    c_vault_billing_read(),
    c_confluent_orders_v2(),
    c_snowflake_sandbox(),
    c_atlas_catalog_three(),
    c_auth0_partner_portal(),
    c_okta_contractors_netsuite(),
    c_grafana_payments_dashboard(),
    c_doks_preview(),
    c_linode_build_two(),
    c_pagerduty_checkout(),
    c_tailscale_sre_db(),
    c_azuread_finance_readers(),
    c_pg_metabase_ro(),
    c_keycloak_grafana_client(),
    c_kafka_refunds_topic(),
    c_vague_ship_it(),
    c_sentry_mobile_ios(),
    c_vague_usual(),
    c_github_repos_refactor(),
]
