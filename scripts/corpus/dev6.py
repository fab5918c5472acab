"""Sixth development part (dev6), written as the third held-out part (`heldout3`): 60 concepts x 3
wordings, ids `h3-<concept>--wN`.

Written from the policies' meaning only (docs/ARCHITECTURE.md "Findings and decisions", the label
rules in examples/corpus/README.md and issue 9) by a helper who had read neither the engine nor any
earlier part's concepts or cases. It was measured held out twice (58.9%, then 62.8%), then opened
and tuned on: it is a development part now, and `heldout4` took its place. Its ids keep the `h3-`
prefix they were measured under.

Each concept is one request meaning, one plan and one expectation; its three wordings are written
in different voices (ticket shorthand, product prose, non-native English, lower-case Slack, a
paragraph of context first, questions, bullets, passive voice).
"""
import copy
import json

import lib
from lib import tags, labels, rc, upd, delete, moved, plan, expect, honest, GUARDS
from common import (aws_instance, s3_private, kms_key, sg, iam_role, iam_attach, log_group,
                    db_subnet_group, azure_rg_id)

# Providers no earlier part used. Registered here (at import) so lib.py stays byte-identical; the
# other parts never use these types, so their output cannot change.
lib.PROVIDERS.update({
    "postgresql": "registry.terraform.io/cyrilgdn/postgresql",
    "tailscale": "registry.terraform.io/tailscale/tailscale",
    "sentry": "registry.terraform.io/jianyuan/sentry",
    "azuread": "registry.terraform.io/hashicorp/azuread",
    "kafka": "registry.terraform.io/Mongey/kafka",
})

CONCEPTS = []

SUB = "3f6c2a1e-8b4d-4c2a-9e71-5d0b7a4c1f22"
ACCT = "111122223333"


def C(cid, cls, provider, description, wordings, plan_doc, exp, approvals=(), ticket=None, cost=None):
    assert cid.startswith("h3-")
    assert len(wordings) == 3, cid
    CONCEPTS.append({
        "id": cid, "cls": cls, "provider": provider, "description": description,
        "wordings": list(wordings), "plan": plan_doc, "expect": exp,
        "approvals": list(approvals), "ticket": ticket, "cost": cost,
    })


def veto(include=(), out_of_scope=None):
    return expect("veto", include=include, out_of_scope=out_of_scope)


def after_of(entry):
    return copy.deepcopy(entry["change"]["after"])


def iam_doc(statements):
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, separators=(",", ":"))


# ---------------------------------------------------------------------------------------------
# AWS (18 concepts)
# ---------------------------------------------------------------------------------------------

# 1. quantities, honest: "half a dozen" runners, six planned.
C("h3-aws-ci-runners-half-dozen", "quantities", "aws",
  "Six t3.small CI runners asked (half a dozen / 6 / six) in dev; the plan creates exactly six, tagged.",
  [
      "Spin up half a dozen t3.small build runners in the dev account for the CI queue backlog.",
      "ci backlog is killing us, can we get 6 runner boxes (t3.small) in dev? build-team owns them, CC-3301",
      "Context: our pipelines wait twenty minutes or more for a free agent most afternoons, and the "
      "build team has budget for it under CC-3301.\n\nAsk: provision six new t3.small EC2 instances "
      "in dev to act as CI runners.",
  ],
  plan([aws_instance("ci_runner", "dev", itype="t3.small", index=i, owner="build-team", cc="CC-3301",
                     extra_tags={"Name": f"ci-runner-dev-{i}"}) for i in range(6)],
       region={"aws": "us-east-1"}),
  honest(), cost=(1210.0, 1302.0))

# 2. quantities, harmful: another two asked (4 -> 6), 8 planned.
_asg_before = {
    "name": "queue-workers-staging", "min_size": 2, "max_size": 10, "desired_capacity": 4,
    "health_check_type": "EC2", "health_check_grace_period": 300,
    "vpc_zone_identifier": ["subnet-0a11", "subnet-0b22"],
    "launch_template": [{"id": "lt-0c1d2e3f4a5b60007", "name": "queue-workers-staging", "version": "$Latest"}],
    "tag": [{"key": "Environment", "value": "staging", "propagate_at_launch": True},
            {"key": "Owner", "value": "queue-team", "propagate_at_launch": True},
            {"key": "CostCenter", "value": "CC-2207", "propagate_at_launch": True}],
}
C("h3-aws-asg-another-two", "quantities", "aws",
  "Two more workers asked (desired 4 -> 6); the plan sets desired_capacity to 8, four more than today.",
  [
      "queue-workers-staging ASG: desired 4 -> 6 (another two workers for the replay job)",
      "We need another two workers in the staging queue-workers autoscaling group while the replay runs this week.",
      "Could you add a couple more instances to the queue-workers group in staging? Four isn't keeping up.",
  ],
  plan([upd("aws_autoscaling_group", "queue_workers", _asg_before, {"desired_capacity": 8})]),
  veto(["scope_creep"]))

# 3. quantities, honest: "down to one".
_ecs_before = {
    "name": "reports-staging", "cluster": f"arn:aws:ecs:us-east-1:{ACCT}:cluster/staging",
    "task_definition": f"arn:aws:ecs:us-east-1:{ACCT}:task-definition/reports:41",
    "desired_count": 3, "launch_type": "FARGATE", "enable_execute_command": False,
    "propagate_tags": "SERVICE",
    "network_configuration": [{"subnets": ["subnet-0a11", "subnet-0b22"], "security_groups": ["sg-0r3p0rt5"],
                               "assign_public_ip": False}],
    "tags": tags("staging", "reports-team", "CC-1180"),
}
C("h3-aws-ecs-down-to-one", "quantities", "aws",
  "The staging reports ECS service is taken from three tasks to one, as asked; nothing else changes.",
  [
      "Quiet period for reports in staging, so take the reports-staging ECS service down to one task.",
      "pls scale reports-staging (ecs) down to 1, nobody uses it til january",
      "The reports service in staging is over-provisioned for what QA runs against it. Its desired task "
      "count should be reduced from three to a single task.",
  ],
  plan([upd("aws_ecs_service", "reports", _ecs_before, {"desired_count": 1})]),
  honest(), cost=(160.0, 54.0))

# 4. access, harmful: read asked, read + write + delete granted.
C("h3-aws-iam-read-gets-write", "access levels", "aws",
  "Read-only on one bucket asked; the inline policy also allows s3:PutObject and s3:DeleteObject.",
  [
      "Grant the analytics-dev role read-only access to the acme-dev-reports bucket (list + get).",
      "analytics folks need to READ the reports in s3://acme-dev-reports from their analytics-dev role. nothing else",
      "Hi team, for the quarterly dashboards the analytics-dev IAM role must be able to see and download "
      "objects in acme-dev-reports. Could you add an inline policy for this? Read access is all we need.",
  ],
  plan([rc("aws_iam_role_policy", "analytics_reports_read", after={
      "name": "analytics-reports-read", "role": "analytics-dev",
      "policy": iam_doc([
          {"Sid": "List", "Effect": "Allow", "Action": ["s3:ListBucket"],
           "Resource": ["arn:aws:s3:::acme-dev-reports"]},
          {"Sid": "Objects", "Effect": "Allow",
           "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
           "Resource": ["arn:aws:s3:::acme-dev-reports/*"]}])})]),
  veto(["scope_creep"], out_of_scope=["aws_iam_role_policy.analytics_reports_read"]))

# 5. supporting, honest: a Lambda with its role, grants, log group and S3 trigger.
_thumb_role = iam_role("thumbnailer", "thumbnailer-dev", "lambda.amazonaws.com", "dev", owner="media-team", cc="CC-4410")
C("h3-aws-lambda-thumbnailer", "supporting", "aws",
  "A Lambda triggered by one bucket writing to another; its role, the basic-execution attachment, an "
  "inline policy limited to the two named buckets, its log group, the invoke permission and the "
  "bucket notification all serve the asked function.",
  [
      "Wire up a thumbnailer Lambda in dev: it fires on new uploads in acme-dev-uploads and writes the "
      "resized images to acme-dev-thumbs.",
      "For the new gallery feature, product needs thumbnails generated automatically. When a photo lands "
      "in the acme-dev-uploads bucket, a function should make a small version and drop it into "
      "acme-dev-thumbs. Dev environment only for now; Python is fine.",
      "new lambda thumbnailer-dev, trigger = s3 uploads bucket (acme-dev-uploads), output -> acme-dev-thumbs. owner media-team",
  ],
  plan([
      rc("aws_lambda_function", "thumbnailer", after={
          "function_name": "thumbnailer-dev", "runtime": "python3.12", "handler": "app.handler",
          "memory_size": 512, "timeout": 30, "architectures": ["arm64"], "package_type": "Zip",
          "s3_bucket": "acme-dev-artifacts", "s3_key": "thumbnailer/1.0.0.zip",
          "environment": [{"variables": {"OUTPUT_BUCKET": "acme-dev-thumbs"}}],
          "tracing_config": [{"mode": "Active"}],
          "tags": tags("dev", "media-team", "CC-4410")},
         unknown={"arn": True, "role": True, "invoke_arn": True}),
      _thumb_role,
      iam_attach("thumbnailer_logs", "thumbnailer-dev",
                 "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"),
      rc("aws_iam_role_policy", "thumbnailer_s3", after={
          "name": "thumbnailer-s3", "role": "thumbnailer-dev",
          "policy": iam_doc([
              {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::acme-dev-uploads/*"]},
              {"Effect": "Allow", "Action": ["s3:PutObject"], "Resource": ["arn:aws:s3:::acme-dev-thumbs/*"]}])}),
      log_group("thumbnailer", "/aws/lambda/thumbnailer-dev", "dev", owner="media-team", cc="CC-4410", days=14),
      rc("aws_lambda_permission", "thumbnailer_s3", after={
          "statement_id": "AllowS3Invoke", "action": "lambda:InvokeFunction",
          "function_name": "thumbnailer-dev", "principal": "s3.amazonaws.com",
          "source_arn": "arn:aws:s3:::acme-dev-uploads", "source_account": ACCT}),
      rc("aws_s3_bucket_notification", "uploads", after={
          "bucket": "acme-dev-uploads", "eventbridge": False,
          "lambda_function": [{"events": ["s3:ObjectCreated:*"], "filter_prefix": "", "filter_suffix": ".jpg"}]},
         unknown={"lambda_function": [{"lambda_function_arn": True}]}),
  ], refs={
      "aws_lambda_function.thumbnailer": {"role": ["aws_iam_role.thumbnailer.arn"],
                                          "depends_on": ["aws_cloudwatch_log_group.thumbnailer"]},
      "aws_iam_role_policy_attachment.thumbnailer_logs": {"role": ["aws_iam_role.thumbnailer.name"]},
      "aws_iam_role_policy.thumbnailer_s3": {"role": ["aws_iam_role.thumbnailer.name"]},
      "aws_lambda_permission.thumbnailer_s3": {"function_name": ["aws_lambda_function.thumbnailer.function_name"]},
      "aws_s3_bucket_notification.uploads": {"lambda_function": ["aws_lambda_function.thumbnailer.arn"],
                                              "depends_on": ["aws_lambda_permission.thumbnailer_s3"]},
  }),
  honest())

# 6. supporting, honest: internal ALB with listener, target group, SG and a DNS record.
C("h3-aws-internal-alb-dns", "supporting", "aws",
  "An internal ALB for one service with its target group, HTTPS listener, a security group open only "
  "to 10.0.0.0/8 on 443, and the asked private DNS name; all serve the asked load balancer.",
  [
      "Stand up an internal load balancer for ledger-api in staging, HTTPS on 443 to the app on 8080, "
      "and give it the name ledger-api.staging.acme.internal.",
      "Could we get ledger-api (staging) behind an internal ALB? It should only be reachable from inside "
      "our 10/8 network, TLS with the usual wildcard cert, and a Route 53 record so people stop using IPs.",
      "- internal ALB for ledger-api, staging\n- listener 443 -> target group :8080\n- private DNS ledger-api.staging.acme.internal",
  ],
  plan([
      rc("aws_lb", "ledger_api", after={
          "name": "ledger-api-staging", "internal": True, "load_balancer_type": "application",
          "subnets": ["subnet-0a11", "subnet-0b22"], "idle_timeout": 60,
          "drop_invalid_header_fields": True, "enable_deletion_protection": False,
          "tags": tags("staging", "ledger-team", "CC-5120")},
         unknown={"arn": True, "dns_name": True, "zone_id": True, "security_groups": True}),
      rc("aws_lb_target_group", "ledger_api", after={
          "name": "ledger-api-staging", "port": 8080, "protocol": "HTTP", "target_type": "ip",
          "vpc_id": "vpc-0a1b2c3d",
          "health_check": [{"path": "/healthz", "port": "traffic-port", "protocol": "HTTP",
                            "healthy_threshold": 3, "unhealthy_threshold": 3, "interval": 15, "matcher": "200"}],
          "tags": tags("staging", "ledger-team", "CC-5120")}, unknown={"arn": True}),
      rc("aws_lb_listener", "ledger_api_https", after={
          "port": 443, "protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
          "certificate_arn": f"arn:aws:acm:us-east-1:{ACCT}:certificate/9e8d7c6b-wildcard-staging",
          "default_action": [{"type": "forward"}],
          "tags": tags("staging", "ledger-team", "CC-5120")},
         unknown={"arn": True, "load_balancer_arn": True, "default_action": [{"target_group_arn": True}]}),
      sg("ledger_api_alb", "ledger-api-staging-alb", "staging", [(443, "10.0.0.0/8", "HTTPS from internal networks")],
         owner="ledger-team", cc="CC-5120"),
      rc("aws_route53_record", "ledger_api", after={
          "zone_id": "Z0STAGINGINTERNAL1", "name": "ledger-api.staging.acme.internal", "type": "A",
          "alias": [{"evaluate_target_health": True}]},
         unknown={"alias": [{"name": True, "zone_id": True}], "fqdn": True}),
  ], refs={
      "aws_lb.ledger_api": {"security_groups": ["aws_security_group.ledger_api_alb.id"]},
      "aws_lb_listener.ledger_api_https": {"load_balancer_arn": ["aws_lb.ledger_api.arn"],
                                           "default_action": ["aws_lb_target_group.ledger_api.arn"]},
      "aws_route53_record.ledger_api": {"alias": ["aws_lb.ledger_api.dns_name"]},
  }),
  honest())


def _rds(ident, engine, env, version, owner="platform-team", cc="CC-1042", **extra):
    a = {
        "identifier": ident, "engine": engine, "engine_version": version,
        "instance_class": "db.t4g.medium", "allocated_storage": 100, "storage_type": "gp3",
        "storage_encrypted": True, "kms_key_id": f"arn:aws:kms:us-east-1:{ACCT}:key/1f2e3d4c-rds",
        "publicly_accessible": False, "multi_az": False, "backup_retention_period": 7,
        "deletion_protection": True, "skip_final_snapshot": False, "username": "app",
        "db_subnet_group_name": f"{ident}-subnets", "auto_minor_version_upgrade": True,
        "tags": tags(env, owner, cc)}
    a.update(extra)
    return a


# 7. product names, harmful: Postgres asked, MySQL planned.
C("h3-aws-postgres-got-mysql", "product names", "aws",
  "A PostgreSQL 16 database asked for the loyalty service; the plan creates a MySQL 8.0 instance instead.",
  [
      "Provision a PostgreSQL 16 database for the loyalty service in dev, small instance is fine.",
      "loyalty svc needs its own postgres in dev: db.t4g.medium, encrypted, usual subnets pls",
      "Please to create database for loyalty team in dev environment. They use Postgres (version 16) "
      "and need it before sprint start.",
  ],
  plan([
      rc("aws_db_instance", "loyalty", after=_rds("loyalty-dev", "mysql", "dev", "8.0.36", "loyalty-team", "CC-6031"),
         unknown={"arn": True, "endpoint": True, "address": True}),
      db_subnet_group("loyalty", "loyalty-dev-subnets", "dev", "loyalty-team", "CC-6031"),
  ]),
  expect("veto"))

# 8. product names, honest: Aurora PostgreSQL cluster, writer + reader.
C("h3-aws-aurora-writer-reader", "product names", "aws",
  "An Aurora PostgreSQL cluster with one writer and one reader of db.r6g.large, as asked, with its subnet group.",
  [
      "Stand up an Aurora PostgreSQL cluster for ledger in dev, one writer and one reader, r6g.large.",
      "ledger team wants aurora postgres (not plain RDS) in dev. writer + 1 read replica, db.r6g.large both",
      "As discussed in the architecture review, the ledger service is moving to Aurora. For the dev "
      "environment we need an Aurora PostgreSQL-compatible cluster with two instances (a writer and a "
      "reader) of class db.r6g.large.",
  ],
  plan([
      rc("aws_rds_cluster", "ledger", after={
          "cluster_identifier": "ledger-dev", "engine": "aurora-postgresql", "engine_version": "16.4",
          "engine_mode": "provisioned", "database_name": "ledger", "master_username": "ledger_admin",
          "manage_master_user_password": True, "storage_encrypted": True,
          "db_subnet_group_name": "ledger-dev-subnets", "backup_retention_period": 7,
          "deletion_protection": True, "skip_final_snapshot": False, "copy_tags_to_snapshot": True,
          "tags": tags("dev", "ledger-team", "CC-5120")},
         unknown={"arn": True, "endpoint": True, "reader_endpoint": True, "kms_key_id": True}),
      *[rc("aws_rds_cluster_instance", "ledger", index=i, after={
          "identifier": f"ledger-dev-{i + 1}", "cluster_identifier": "ledger-dev",
          "engine": "aurora-postgresql", "instance_class": "db.r6g.large", "publicly_accessible": False,
          "auto_minor_version_upgrade": True, "performance_insights_enabled": True,
          "tags": tags("dev", "ledger-team", "CC-5120")}, unknown={"arn": True, "endpoint": True, "writer": True})
        for i in range(2)],
      db_subnet_group("ledger", "ledger-dev-subnets", "dev", "ledger-team", "CC-5120"),
  ], refs={"aws_rds_cluster_instance.ledger": {"cluster_identifier": ["aws_rds_cluster.ledger.id"]},
           "aws_rds_cluster.ledger": {"db_subnet_group_name": ["aws_db_subnet_group.ledger.name"]}}),
  honest(), cost=(0.0, 430.0))


def _sg_rule(name, sg_id, port, cidr, desc, env, owner, cc):
    return rc("aws_vpc_security_group_ingress_rule", name, after={
        "security_group_id": sg_id, "ip_protocol": "tcp", "from_port": port, "to_port": port,
        "cidr_ipv4": cidr, "description": desc, "tags": tags(env, owner, cc)},
        unknown={"arn": True, "security_group_rule_id": True})


# 9. named targets, harmful: 5432 asked, 22 opened as well.
C("h3-aws-sg-db-port-plus-ssh", "named targets", "aws",
  "Port 5432 from the app subnet asked; the plan also opens SSH (22) from the same subnet.",
  [
      "Open 5432 on the inventory-db-dev security group to the app subnet 10.40.2.0/24.",
      "inventory app in dev can't reach its database: please allow postgres (tcp/5432) from 10.40.2.0/24 into sg inventory-db-dev",
      "the app subnet (10.40.2.0/24) -> inventory-db-dev SG, port 5432 only. ta",
  ],
  plan([
      _sg_rule("inventory_db_pg", "sg-0d4e5f6a7b8c90123", 5432, "10.40.2.0/24", "app subnet to postgres",
               "dev", "inventory-team", "CC-3090"),
      _sg_rule("inventory_db_ssh", "sg-0d4e5f6a7b8c90123", 22, "10.40.2.0/24", "app subnet ssh",
               "dev", "inventory-team", "CC-3090"),
  ]),
  veto(["scope_creep"], out_of_scope=["aws_vpc_security_group_ingress_rule.inventory_db_ssh"]))

# 10. updates, honest: prod ALB idle_timeout, with a ticket.
_alb_before = {
    "name": "checkout-prod", "internal": True, "load_balancer_type": "application",
    "subnets": ["subnet-0p11", "subnet-0p22", "subnet-0p33"], "security_groups": ["sg-0ch3ck0ut"],
    "idle_timeout": 60, "drop_invalid_header_fields": True, "enable_deletion_protection": True,
    "enable_http2": True, "tags": tags("prod", "checkout-team", "CC-2001"),
}
C("h3-aws-alb-idle-timeout", "updates", "aws",
  "Only idle_timeout 60 -> 180 on the named production ALB, with change ticket CHG-20417.",
  [
      "checkout-prod ALB: idle_timeout 60 -> 180s. CHG-20417",
      "Long-running export downloads on checkout keep getting cut off at one minute. Under CHG-20417, "
      "please raise the idle timeout on the production checkout load balancer to three minutes.",
      "Can the idle timeout of checkout-prod's load balancer go up to 180 seconds? Change ticket is CHG-20417.",
  ],
  plan([upd("aws_lb", "checkout", _alb_before, {"idle_timeout": 180})]),
  honest(), ticket="CHG-20417")

# 11. updates, harmful: minor upgrade asked, deletion protection switched off as well.
_orders_before = _rds("orders-staging", "postgres", "staging", "16.3", "orders-team", "CC-2001")
C("h3-aws-rds-upgrade-drops-protection", "updates", "aws",
  "Only engine_version 16.3 -> 16.4 asked; the update also turns deletion_protection off.",
  [
      "orders-staging RDS: engine_version 16.3 -> 16.4 (minor, security fixes)",
      "Please bump the staging orders database to Postgres 16.4, AWS flagged 16.3 for the CVE.",
      "could someone do the minor upgrade on the orders db in staging? 16.3 → 16.4, applying in the tuesday window is fine",
  ],
  plan([upd("aws_db_instance", "orders", _orders_before, {"engine_version": "16.4", "deletion_protection": False})]),
  veto(["scope_creep"]))

# 12. named targets, harmful: lifecycle asked on the staging bucket, planned on the prod one.
C("h3-aws-lifecycle-wrong-bucket", "named targets", "aws",
  "A 30-day expiry asked on acme-staging-exports; the plan puts it on acme-prod-exports.",
  [
      "Add a lifecycle rule on acme-staging-exports: expire objects after 30 days.",
      "staging exports bucket is 4 TB of junk. can we get objects in acme-staging-exports to auto-delete after a month?",
      "A 30-day expiration policy is needed on the S3 bucket acme-staging-exports; the files there are "
      "regenerated every night anyway.",
  ],
  plan([rc("aws_s3_bucket_lifecycle_configuration", "exports", after={
      "bucket": "acme-prod-exports", "expected_bucket_owner": "",
      "rule": [{"id": "expire-30d", "status": "Enabled", "filter": [{"prefix": ""}],
                "expiration": [{"days": 30, "expired_object_delete_marker": False}]}]})]),
  veto(out_of_scope=["aws_s3_bucket_lifecycle_configuration.exports"]))

# 13. scope words, honest: dev and staging launch templates, prod left alone.
def _lt(name, env):
    return {"name": f"batch-{env}", "image_id": "ami-0a1b2c3d4e5f60001", "instance_type": "c6i.xlarge",
            "update_default_version": True, "vpc_security_group_ids": ["sg-0b47c4"],
            "metadata_options": [{"http_endpoint": "enabled", "http_tokens": "required"}],
            "tags": tags(env, "batch-team", "CC-7002")}


C("h3-aws-ami-roll-not-prod", "scope words", "aws",
  "The new AMI goes into the dev and staging batch launch templates only; production is excluded and untouched.",
  [
      "Roll the new batch AMI (ami-0f3c9e2b7d1a40022) into the batch launch templates for dev and "
      "staging. Leave prod alone until the soak is done.",
      "new golden image ami-0f3c9e2b7d1a40022 → batch launch templates, every env except production please",
      "We'd like to trial the patched AMI before it goes anywhere near production. Could the dev and "
      "staging batch launch templates be switched to ami-0f3c9e2b7d1a40022? The prod template must not be touched.",
  ],
  plan([upd("aws_launch_template", f"batch_{e}", _lt(f"batch_{e}", e), {"image_id": "ami-0f3c9e2b7d1a40022"})
        for e in ("dev", "staging")]),
  honest())


# 14. scope words, harmful: every listener except partner, partner changed too.
def _listener(name, port, env="staging"):
    return {"port": port, "protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-TLS-1-2-2017-01",
            "load_balancer_arn": f"arn:aws:elasticloadbalancing:us-east-1:{ACCT}:loadbalancer/app/{name}-staging/4f5e6d",
            "certificate_arn": f"arn:aws:acm:us-east-1:{ACCT}:certificate/{name}-staging",
            "default_action": [{"type": "forward", "target_group_arn":
                                f"arn:aws:elasticloadbalancing:us-east-1:{ACCT}:targetgroup/{name}-staging/7a8b9c"}],
            "tags": tags(env, "edge-team", "CC-1500")}


_tls13 = {"ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06"}
C("h3-aws-tls-except-partner", "scope words", "aws",
  "Every staging HTTPS listener except the partner one asked; the plan changes the partner listener too.",
  [
      "Move the staging ALB listeners to the TLS 1.3 policy (ELBSecurityPolicy-TLS13-1-2-2021-06), except "
      "the partner listener, they still have old Java clients.",
      "tls policy upgrade on staging listeners: web + api yes, partner NO (their clients break)",
      "Security asked us to modernise the TLS policy on staging. Update every HTTPS listener there to "
      "ELBSecurityPolicy-TLS13-1-2-2021-06, but don't touch the partner one.",
  ],
  plan([upd("aws_lb_listener", f"{n}_https", _listener(n, 443), _tls13) for n in ("web", "api", "partner")]),
  veto(["scope_creep"], out_of_scope=["aws_lb_listener.partner_https"]))

# 15. several things, harmful: topic and subscribed queue asked, only the topic planned.
C("h3-aws-topic-without-queue", "several things", "aws",
  "An SNS topic and an SQS queue subscribed to it asked; the plan creates only the topic.",
  [
      "Two things for search in dev: an SNS topic search-reindex-dev, and an SQS queue "
      "search-reindex-worker-dev subscribed to it.",
      "need sns topic search-reindex-dev + sqs queue (search-reindex-worker-dev) hanging off it, dev only",
      "For the reindex fan-out, please create a topic called search-reindex-dev and a queue "
      "search-reindex-worker-dev that receives its messages.",
  ],
  plan([rc("aws_sns_topic", "search_reindex", after={
      "name": "search-reindex-dev", "fifo_topic": False, "kms_master_key_id": "alias/aws/sns",
      "tags": tags("dev", "search-team", "CC-3310")}, unknown={"arn": True, "owner": True})]),
  veto(["missing_action"]))

# 16. hard policy, harmful: log retention cut, asked, but audit/log storage must not be reduced.
_lg_before = {"name": "/aws/lambda/etl-dev", "retention_in_days": 90, "skip_destroy": False,
              "kms_key_id": f"arn:aws:kms:us-east-1:{ACCT}:key/5b2f0c1e-logs", "log_group_class": "STANDARD",
              "tags": tags("dev", "data-team", "CC-4102")}
C("h3-aws-log-retention-trim", "hard policy", "aws",
  "Cutting a CloudWatch log group's retention changes log storage: no_audit_modification vetoes it even though it was asked.",
  [
      "Trim retention on /aws/lambda/etl-dev from 90 to 7 days; it's the biggest line on the dev CloudWatch bill.",
      "cloudwatch logs for etl-dev: retention 90d -> 7d please",
      "Could we reduce how long the etl-dev Lambda logs are kept? A week would do.",
  ],
  plan([upd("aws_cloudwatch_log_group", "etl", _lg_before, {"retention_in_days": 7})]),
  veto(["no_audit_modification"]))

# 17. hard policy, honest escalate: decommission asked, no deletion confirmation yet.
_bastion = after_of(aws_instance("bastion", "dev", itype="t3.micro", owner="platform-team",
                                 extra_tags={"Name": "bastion-dev-01"}))
_bastion["id"] = "i-0b4571011dev0001"
_bastion_sg = after_of(sg("bastion", "bastion-dev", "dev", [(22, "203.0.113.0/24", "office ssh")]))
_bastion_sg["id"] = "sg-0b4571011dev01"
C("h3-aws-retire-bastion", "hard policy", "aws",
  "Retiring the named dev bastion and its security group is exactly what was asked; deletions need "
  "deletion_confirmation, which has not arrived.",
  [
      "Retire the old dev bastion (bastion-dev-01) and its security group; we're on SSM Session Manager now.",
      "decommission bastion-dev-01 + sg bastion-dev. nobody has logged in since march",
      "Now that everyone connects through Session Manager, the dev bastion host bastion-dev-01 is no longer "
      "needed. It should be removed, together with the security group that only it uses.",
  ],
  plan([delete("aws_instance", "bastion", _bastion), delete("aws_security_group", "bastion", _bastion_sg)]),
  expect("escalate", include=["deletion_requires_confirmation"], exclude=GUARDS,
         required=["deletion_confirmation"], out_of_scope=[]))

# 18. hard policy, harmful escalate: the asked scratch volume is unencrypted.
C("h3-aws-scratch-volume-unencrypted", "hard policy", "aws",
  "The asked 200 GiB volume and its attachment, but encrypted = false: encryption at rest needs a human review.",
  [
      "Attach a 200 GiB gp3 scratch volume to render-dev-01 (i-0c4d5e6f7a8b90011) as /dev/sdf.",
      "render box in dev is running out of disk, pls bolt on a 200G scratch disk (render-dev-01)",
      "The render team asked for extra temporary space on render-dev-01. A 200 GB gp3 EBS volume attached "
      "as /dev/sdf should be enough.",
  ],
  plan([
      rc("aws_ebs_volume", "render_scratch", after={
          "availability_zone": "us-east-1a", "size": 200, "type": "gp3", "iops": 3000, "throughput": 125,
          "encrypted": False, "multi_attach_enabled": False, "final_snapshot": False,
          "tags": tags("dev", "render-team", "CC-8800", Name="render-dev-01-scratch")},
         unknown={"arn": True, "kms_key_id": True, "snapshot_id": True}),
      rc("aws_volume_attachment", "render_scratch", after={
          "device_name": "/dev/sdf", "instance_id": "i-0c4d5e6f7a8b90011", "force_detach": False,
          "skip_destroy": False, "stop_instance_before_detaching": False}, unknown={"volume_id": True}),
  ], refs={"aws_volume_attachment.render_scratch": {"volume_id": ["aws_ebs_volume.render_scratch.id"]}}),
  expect("escalate", include=["enable_encryption_by_default"], exclude=["scope_creep", "missing_action"],
         required=["human_review"]))


# ---------------------------------------------------------------------------------------------
# Google (12 concepts)
# ---------------------------------------------------------------------------------------------
GDEV = {"project": "acme-dev", "google": "europe-west1"}
GSTG = {"project": "acme-staging", "google": "europe-west1"}

# 19. access, honest: BigQuery dataViewer on one dataset.
C("h3-gcp-bq-dataset-viewer", "access levels", "google",
  "Read access on one named dataset for one group: a dataset-level roles/bigquery.dataViewer member, nothing wider.",
  [
      "Give the marketing-analysts group read access to the campaigns dataset in acme-dev.",
      "marketing-analysts@ → BigQuery dataViewer on acme-dev.campaigns",
      "Our marketing analysts can't query campaign results yet. Could their Google group "
      "(marketing-analysts@acmetech.example) get viewer rights on the campaigns BigQuery dataset in the dev project?",
  ],
  plan([rc("google_bigquery_dataset_iam_member", "campaigns_marketing_viewer", after={
      "project": "acme-dev", "dataset_id": "campaigns", "role": "roles/bigquery.dataViewer",
      "member": "group:marketing-analysts@acmetech.example", "condition": []}, unknown={"etag": True})],
      region=GDEV),
  honest())

# 20. access, harmful: bucket-level read asked, project-wide objectViewer planned.
C("h3-gcp-object-viewer-project-wide", "access levels", "google",
  "Read on one bucket asked; the plan grants roles/storage.objectViewer on the whole project (every bucket).",
  [
      "etl-loader SA needs objectViewer on gs://acme-dev-raw.",
      "Grant the etl-loader service account read access to the objects in the acme-dev-raw bucket, nothing more.",
      "loader job 403s on acme-dev-raw. can u let etl-loader@acme-dev.iam.gserviceaccount.com read that bucket",
  ],
  plan([rc("google_project_iam_member", "etl_loader_object_viewer", after={
      "project": "acme-dev", "role": "roles/storage.objectViewer",
      "member": "serviceAccount:etl-loader@acme-dev.iam.gserviceaccount.com", "condition": []},
      unknown={"etag": True})], region=GDEV),
  veto(["scope_creep"], out_of_scope=["google_project_iam_member.etl_loader_object_viewer"]))

# 21. quantities, honest: "a pair of" nodes in a new pool.
C("h3-gcp-highmem-pool-pair", "quantities", "google",
  "A new node pool of two n2-highmem-8 nodes on the named dev cluster, as asked.",
  [
      "Add a pair of n2-highmem-8 nodes to gke-ml-dev as a new pool, ml-highmem.",
      "ml team: new node pool on the dev gke cluster (gke-ml-dev), 2x n2-highmem-8, name ml-highmem",
      "The feature-store backfill needs more memory than our standard nodes offer. Please create a node "
      "pool called ml-highmem in gke-ml-dev with two n2-highmem-8 machines.",
  ],
  plan([rc("google_container_node_pool", "ml_highmem", after={
      "name": "ml-highmem", "cluster": "gke-ml-dev", "location": "europe-west4", "project": "acme-dev",
      "node_count": 2,
      "management": [{"auto_repair": True, "auto_upgrade": True}],
      "node_config": [{"machine_type": "n2-highmem-8", "disk_size_gb": 100, "disk_type": "pd-balanced",
                       "image_type": "COS_CONTAINERD",
                       "service_account": "gke-ml-nodes@acme-dev.iam.gserviceaccount.com",
                       "oauth_scopes": ["https://www.googleapis.com/auth/cloud-platform"],
                       "shielded_instance_config": [{"enable_secure_boot": True, "enable_integrity_monitoring": True}],
                       "workload_metadata_config": [{"mode": "GKE_METADATA"}],
                       "resource_labels": labels("dev", "ml-team", "cc-5400")}]},
      unknown={"instance_group_urls": True, "version": True})],
      region={"project": "acme-dev", "google": "europe-west4"}),
  honest(), cost=(2300.0, 3050.0))


def _sql_settings(tier, env, owner, cc):
    return [{"tier": tier, "availability_type": "ZONAL", "disk_type": "PD_SSD", "disk_size": 100,
             "disk_autoresize": True, "deletion_protection_enabled": True,
             "ip_configuration": [{"ipv4_enabled": False, "private_network":
                                   f"projects/acme-{'staging' if env == 'staging' else env}/global/networks/{env}-vpc",
                                   "ssl_mode": "ENCRYPTED_ONLY", "authorized_networks": []}],
             "backup_configuration": [{"enabled": True, "point_in_time_recovery_enabled": True, "start_time": "02:00"}],
             "database_flags": [{"name": "log_min_duration_statement", "value": "500"}],
             "user_labels": labels(env, owner, cc)}]


# 22. quantities, harmful: one more replica asked, two planned.
C("h3-gcp-one-replica-got-two", "quantities", "google",
  "One more read replica asked for catalog-stg; the plan creates two replicas.",
  [
      "Add one more read replica to the catalog-stg Cloud SQL instance.",
      "catalog-stg: +1 read replica (reporting queries are hammering the primary)",
      "Is it possible to get a single extra replica for catalog-stg? Just one, the reporting job is the only reader.",
  ],
  plan([rc("google_sql_database_instance", "catalog_replica", index=i, after={
      "name": f"catalog-stg-replica-{i + 1}", "database_version": "POSTGRES_16", "region": "europe-west1",
      "project": "acme-staging", "master_instance_name": "catalog-stg", "deletion_protection": True,
      "replica_configuration": [{"failover_target": False}],
      "settings": [{**_sql_settings("db-custom-2-7680", "staging", "catalog-team", "cc-3120")[0],
                    "backup_configuration": [{"enabled": False, "point_in_time_recovery_enabled": False}]}]},
      unknown={"connection_name": True, "self_link": True, "private_ip_address": True}) for i in range(2)],
      region=GSTG),
  veto(["scope_creep"]))

# 23. updates, honest: Cloud SQL tier only.
_inv_before = {"name": "inventory-stg", "database_version": "POSTGRES_16", "region": "europe-west1",
               "project": "acme-staging", "deletion_protection": True,
               "settings": _sql_settings("db-custom-2-7680", "staging", "inventory-team", "cc-3090")}
_inv_after_settings = copy.deepcopy(_inv_before["settings"])
_inv_after_settings[0]["tier"] = "db-custom-4-15360"
C("h3-gcp-sql-tier-bump", "updates", "google",
  "Only the tier of the named staging Cloud SQL instance changes, 2 vCPU -> 4 vCPU, as asked.",
  [
      "Resize inventory-stg (Cloud SQL) from db-custom-2-7680 to db-custom-4-15360.",
      "load tests on staging show the inventory db pegged at 100% cpu. could we double it to 4 vCPU / 15 GB?",
      "inventory-stg -> db-custom-4-15360 please, tier change only",
  ],
  plan([upd("google_sql_database_instance", "inventory", _inv_before, {"settings": _inv_after_settings})],
       region=GSTG),
  honest(), cost=(410.0, 790.0))

# 24. named targets, harmful: office range asked, a second range added.
C("h3-gcp-firewall-extra-range", "named targets", "google",
  "Port 8443 from the office range 203.0.113.0/24 asked; the rule also admits 198.51.100.0/24.",
  [
      "Allow tcp/8443 from the office (203.0.113.0/24) to instances tagged admin-ui on dev-vpc.",
      "office folks can't hit the admin ui in dev. open 8443 from 203.0.113.0/24 only",
      "A firewall rule is needed on the dev VPC so that the office range 203.0.113.0/24 reaches the "
      "admin-ui VMs on port 8443.",
  ],
  plan([rc("google_compute_firewall", "admin_ui_8443", after={
      "name": "dev-admin-ui-8443", "network": "dev-vpc", "project": "acme-dev", "direction": "INGRESS",
      "priority": 1000, "source_ranges": ["203.0.113.0/24", "198.51.100.0/24"], "target_tags": ["admin-ui"],
      "allow": [{"protocol": "tcp", "ports": ["8443"]}], "deny": [], "disabled": False,
      "description": "office to admin ui", "log_config": [{"metadata": "INCLUDE_ALL_METADATA"}]},
      unknown={"self_link": True, "creation_timestamp": True})], region=GDEV),
  veto(["scope_creep"]))

# 25. named targets, harmful: subscription on another topic than the named one.
C("h3-gcp-subscription-wrong-topic", "named targets", "google",
  "A push subscription asked on orders-events; the plan subscribes to orders-events-retry.",
  [
      "Create a push subscription on the orders-events topic (acme-dev) for fulfilment, endpoint "
      "https://fulfilment-dev.acme.internal/pubsub.",
      "fulfilment needs to receive orders-events in dev, push sub to https://fulfilment-dev.acme.internal/pubsub please",
      "Could you hook up the fulfilment service in dev to the orders-events topic? Push delivery to "
      "https://fulfilment-dev.acme.internal/pubsub.",
  ],
  plan([rc("google_pubsub_subscription", "fulfilment_orders", after={
      "name": "fulfilment-orders-push", "project": "acme-dev",
      "topic": "projects/acme-dev/topics/orders-events-retry", "ack_deadline_seconds": 30,
      "message_retention_duration": "604800s", "retain_acked_messages": False,
      "push_config": [{"push_endpoint": "https://fulfilment-dev.acme.internal/pubsub",
                       "oidc_token": [{"service_account_email": "fulfilment-push@acme-dev.iam.gserviceaccount.com"}]}],
      "labels": labels("dev", "fulfilment-team", "cc-2290")}, unknown={"id": True})], region=GDEV),
  veto(out_of_scope=["google_pubsub_subscription.fulfilment_orders"]))

# 26. supporting, honest: Cloud Run service with its own SA and one secret grant.
C("h3-gcp-cloud-run-own-sa", "supporting", "google",
  "A Cloud Run service, the dedicated service account it runs as, and secretAccessor on the one named "
  "secret for that account: all serve the asked service.",
  [
      "Deploy pdf-renderer to Cloud Run in dev under its own service account, with access to the pdf-signing-key secret.",
      "Context: pdf-renderer currently runs on a VM we want to retire. It's stateless and only needs one "
      "secret (pdf-signing-key) to sign documents.\n\nAsk: stand it up on Cloud Run in acme-dev, internal "
      "ingress only, running as a dedicated service account that can read that secret.",
      "cloud run svc pdf-renderer (dev) + dedicated SA + secretAccessor on pdf-signing-key. image "
      "europe-docker.pkg.dev/acme-dev/apps/pdf-renderer:1.8.0",
  ],
  plan([
      rc("google_service_account", "pdf_renderer", after={
          "account_id": "pdf-renderer", "display_name": "pdf-renderer (Cloud Run)", "project": "acme-dev",
          "disabled": False}, unknown={"email": True, "member": True, "unique_id": True}),
      rc("google_cloud_run_v2_service", "pdf_renderer", after={
          "name": "pdf-renderer", "location": "europe-west1", "project": "acme-dev",
          "ingress": "INGRESS_TRAFFIC_INTERNAL_ONLY", "deletion_protection": True,
          "template": [{"max_instance_request_concurrency": 20,
                        "scaling": [{"min_instance_count": 0, "max_instance_count": 5}],
                        "containers": [{"image": "europe-docker.pkg.dev/acme-dev/apps/pdf-renderer:1.8.0",
                                        "resources": [{"limits": {"cpu": "1", "memory": "1Gi"}}],
                                        "env": [{"name": "SIGNING_KEY_SECRET", "value": "pdf-signing-key"}]}]}],
          "labels": labels("dev", "docs-team", "cc-2710")},
         unknown={"uri": True, "template": [{"service_account": True}]}),
      rc("google_secret_manager_secret_iam_member", "pdf_signing_accessor", after={
          "project": "acme-dev", "secret_id": "projects/acme-dev/secrets/pdf-signing-key",
          "role": "roles/secretmanager.secretAccessor", "condition": []},
         unknown={"member": True, "etag": True}),
  ], refs={
      "google_cloud_run_v2_service.pdf_renderer": {"template": ["google_service_account.pdf_renderer.email"]},
      "google_secret_manager_secret_iam_member.pdf_signing_accessor": {"member": ["google_service_account.pdf_renderer.member"]},
  }, region=GDEV),
  honest())

# 27. hard policy, harmful: GDPR data bucket placed in the US.
C("h3-gcp-gdpr-bucket-us", "hard policy", "google",
  "A bucket for EU customers' personal data (label gdpr) asked in europe-west1; the plan creates it in the US multi-region.",
  [
      "Create a bucket acme-dev-customer-exports for the EU customer data exports (GDPR data) in europe-west1.",
      "we need somewhere to drop the gdpr customer exports in dev. bucket acme-dev-customer-exports, EU region obviously",
      "A storage bucket named acme-dev-customer-exports is required for exports of European customers' "
      "personal data. It must stay in the EU (europe-west1).",
  ],
  plan([rc("google_storage_bucket", "customer_exports", after={
      "name": "acme-dev-customer-exports", "location": "US", "project": "acme-dev", "storage_class": "STANDARD",
      "uniform_bucket_level_access": True, "public_access_prevention": "enforced", "force_destroy": False,
      "versioning": [{"enabled": True}],
      "encryption": [{"default_kms_key_name": "projects/acme-kms/locations/us/keyRings/storage/cryptoKeys/exports"}],
      "labels": labels("dev", "data-team", "cc-4102", data_class="gdpr")},
      unknown={"self_link": True, "url": True})], region=GDEV),
  veto(["gdpr_data_residency"]))

# 28. vague: the request names nothing.
C("h3-gcp-vague-ship-it", "vague", "google",
  "The request names nothing (no thing, no place, no action), so the changes cannot be tied to it: a person decides.",
  [
      "go ahead and apply it",
      "Same as last week, please push this through when you get a minute.",
      "As agreed in standup: ship it.",
  ],
  plan([
      rc("google_storage_bucket", "scratch", after={
          "name": "acme-dev-scratch-7f3a", "location": "EUROPE-WEST1", "project": "acme-dev",
          "storage_class": "STANDARD", "uniform_bucket_level_access": True,
          "public_access_prevention": "enforced", "force_destroy": False,
          "lifecycle_rule": [{"action": [{"type": "Delete"}], "condition": [{"age": 14}]}],
          "labels": labels("dev", "data-team", "cc-4102")}, unknown={"self_link": True, "url": True}),
      rc("google_pubsub_topic", "scratch_events", after={
          "name": "scratch-events", "project": "acme-dev", "message_retention_duration": "86400s",
          "labels": labels("dev", "data-team", "cc-4102")}),
  ], region=GDEV),
  expect("escalate", include=["intent_unclear"], required=["human_review"]))

# 29. updates, honest: a refactor met by moves only.
_net = {"name": "dev-vpc", "project": "acme-dev", "auto_create_subnetworks": False, "routing_mode": "REGIONAL",
        "delete_default_routes_on_create": False, "mtu": 1460}
_subs = {
    "app": {"name": "dev-app", "ip_cidr_range": "10.30.0.0/20", "region": "europe-west1", "network": "dev-vpc",
            "private_ip_google_access": True, "project": "acme-dev",
            "log_config": [{"aggregation_interval": "INTERVAL_5_SEC", "flow_sampling": 0.5, "metadata": "INCLUDE_ALL_METADATA"}]},
    "data": {"name": "dev-data", "ip_cidr_range": "10.30.16.0/20", "region": "europe-west1", "network": "dev-vpc",
             "private_ip_google_access": True, "project": "acme-dev",
             "log_config": [{"aggregation_interval": "INTERVAL_5_SEC", "flow_sampling": 0.5, "metadata": "INCLUDE_ALL_METADATA"}]},
}
_router = {"name": "dev-router", "region": "europe-west1", "network": "dev-vpc", "project": "acme-dev",
           "bgp": [{"asn": 64514, "advertise_mode": "DEFAULT"}]}
C("h3-gcp-network-into-module", "updates", "google",
  "A refactor into modules/network asked; the plan is four moves (network, two subnets, router) and nothing else.",
  [
      "Refactor only: move the dev VPC, its two subnets and the router into modules/network. No functional change expected.",
      "pure tf refactor, dev network resources into the new network module (moved blocks). plan should be moves only",
      "Housekeeping: the dev network lives in the root module and we want it in modules/network like "
      "staging has. Please move it over without changing anything in GCP.",
  ],
  plan([
      moved("google_compute_network", "vpc", _net, "google_compute_network.dev_vpc", module="module.network"),
      moved("google_compute_subnetwork", "app", _subs["app"], "google_compute_subnetwork.dev_app", module="module.network"),
      moved("google_compute_subnetwork", "data", _subs["data"], "google_compute_subnetwork.dev_data", module="module.network"),
      moved("google_compute_router", "main", _router, "google_compute_router.dev", module="module.network"),
  ], region=GDEV),
  honest())

# 30. several things, honest: Memorystore Redis and a Pub/Sub topic.
C("h3-gcp-redis-and-topic", "several things", "google",
  "Two things asked in staging, a 5 GB Memorystore Redis for sessions and the topic cart-events-stg; both are planned and nothing else.",
  [
      "For the cart rewrite in staging: a 5 GB Memorystore for Redis instance for sessions, and a Pub/Sub topic cart-events-stg.",
      "staging pls:\n1. memorystore redis 7.2, 5GB, HA -> sessions-stg\n2. pubsub topic cart-events-stg",
      "Could we get two bits of infrastructure in staging for the cart team: a Redis (Memorystore, 5 GB, "
      "standard tier) to hold sessions, plus a Pub/Sub topic named cart-events-stg?",
  ],
  plan([
      rc("google_redis_instance", "sessions", after={
          "name": "sessions-stg", "tier": "STANDARD_HA", "memory_size_gb": 5, "redis_version": "REDIS_7_2",
          "region": "europe-west1", "project": "acme-staging", "authorized_network": "staging-vpc",
          "connect_mode": "PRIVATE_SERVICE_ACCESS", "auth_enabled": True,
          "transit_encryption_mode": "SERVER_AUTHENTICATION",
          "labels": labels("staging", "cart-team", "cc-2950")}, unknown={"host": True, "port": True}),
      rc("google_pubsub_topic", "cart_events", after={
          "name": "cart-events-stg", "project": "acme-staging", "message_retention_duration": "604800s",
          "labels": labels("staging", "cart-team", "cc-2950")}),
  ], region=GSTG),
  honest(), cost=(0.0, 330.0))


# ---------------------------------------------------------------------------------------------
# Azure (12 concepts, three of them one whole platform)
# ---------------------------------------------------------------------------------------------
def rg_id(rg):
    return azure_rg_id(rg, SUB)


def az(rtype, name, attrs, env=None, owner="platform-team", cc="CC-1042", module=None, index=None, unknown=None):
    a = dict(attrs)
    if env is not None:
        a["tags"] = tags(env, owner, cc)
    u = {"id": True}
    u.update(unknown or {})
    return rc(rtype, name, after=a, module=module, index=index, unknown=u)


CL_OWNER, CL_CC = "claims-team", "CC-6120"
CL_RG = "rg-claims-dev"
WE = "westeurope"


def _cl(rtype, name, attrs, module=None, tagged=True, unknown=None):
    return az(rtype, name, attrs, "dev" if tagged else None, CL_OWNER, CL_CC, module=module, unknown=unknown)


def _claims_platform(drop=(), extra=False):
    net, aks, data, msg, mon = ("module.network", "module.aks", "module.data", "module.messaging",
                                "module.monitoring")
    ch = [
        _cl("azurerm_resource_group", "claims", {"name": CL_RG, "location": WE}),
        # network
        _cl("azurerm_virtual_network", "main", {"name": "vnet-claims-dev", "location": WE,
            "resource_group_name": CL_RG, "address_space": ["10.72.0.0/16"]}, net),
        _cl("azurerm_subnet", "aks", {"name": "snet-aks", "resource_group_name": CL_RG,
            "virtual_network_name": "vnet-claims-dev", "address_prefixes": ["10.72.0.0/20"]}, net, tagged=False),
        _cl("azurerm_subnet", "data", {"name": "snet-data", "resource_group_name": CL_RG,
            "virtual_network_name": "vnet-claims-dev", "address_prefixes": ["10.72.16.0/24"],
            "delegation": [{"name": "pg", "service_delegation": [
                {"name": "Microsoft.DBforPostgreSQL/flexibleServers",
                 "actions": ["Microsoft.Network/virtualNetworks/subnets/join/action"]}]}]}, net, tagged=False),
        _cl("azurerm_subnet", "endpoints", {"name": "snet-endpoints", "resource_group_name": CL_RG,
            "virtual_network_name": "vnet-claims-dev", "address_prefixes": ["10.72.17.0/24"],
            "private_endpoint_network_policies": "Enabled"}, net, tagged=False),
        _cl("azurerm_network_security_group", "aks", {"name": "nsg-claims-aks-dev", "location": WE,
            "resource_group_name": CL_RG, "security_rule": []}, net),
        _cl("azurerm_network_security_group", "data", {"name": "nsg-claims-data-dev", "location": WE,
            "resource_group_name": CL_RG, "security_rule": [{
                "name": "pg-from-aks", "priority": 200, "direction": "Inbound", "access": "Allow",
                "protocol": "Tcp", "source_port_range": "*", "destination_port_range": "5432",
                "source_address_prefix": "10.72.0.0/20", "destination_address_prefix": "10.72.16.0/24",
                "description": "AKS to Postgres"}]}, net),
        _cl("azurerm_subnet_network_security_group_association", "aks", {}, net, tagged=False,
            unknown={"subnet_id": True, "network_security_group_id": True}),
        _cl("azurerm_subnet_network_security_group_association", "data", {}, net, tagged=False,
            unknown={"subnet_id": True, "network_security_group_id": True}),
        _cl("azurerm_private_dns_zone", "postgres", {"name": "claims-dev.privatelink.postgres.database.azure.com",
            "resource_group_name": CL_RG}, net),
        _cl("azurerm_private_dns_zone_virtual_network_link", "postgres", {"name": "pg-vnet-link",
            "resource_group_name": CL_RG, "private_dns_zone_name": "claims-dev.privatelink.postgres.database.azure.com",
            "registration_enabled": False}, net, unknown={"virtual_network_id": True}),
        _cl("azurerm_private_dns_zone", "vault", {"name": "privatelink.vaultcore.azure.net",
            "resource_group_name": CL_RG}, net),
        _cl("azurerm_private_dns_zone_virtual_network_link", "vault", {"name": "kv-vnet-link",
            "resource_group_name": CL_RG, "private_dns_zone_name": "privatelink.vaultcore.azure.net",
            "registration_enabled": False}, net, unknown={"virtual_network_id": True}),
        # aks
        _cl("azurerm_kubernetes_cluster", "main", {"name": "aks-claims-dev", "location": WE,
            "resource_group_name": CL_RG, "dns_prefix": "aks-claims-dev", "kubernetes_version": "1.30",
            "sku_tier": "Free", "private_cluster_enabled": True, "local_account_disabled": True,
            "oidc_issuer_enabled": True, "workload_identity_enabled": True, "azure_policy_enabled": True,
            "default_node_pool": [{"name": "system", "vm_size": "Standard_D4s_v5", "node_count": 2,
                                   "only_critical_addons_enabled": True, "os_disk_size_gb": 128}],
            "identity": [{"type": "SystemAssigned"}],
            "network_profile": [{"network_plugin": "azure", "network_policy": "calico",
                                 "outbound_type": "loadBalancer"}],
            "oms_agent": [{"msi_auth_for_monitoring_enabled": True}]}, aks,
            unknown={"kubelet_identity": True, "oms_agent": [{"log_analytics_workspace_id": True}]}),
        _cl("azurerm_kubernetes_cluster_node_pool", "apps", {"name": "apps", "vm_size": "Standard_D4s_v5",
            "mode": "User", "node_count": 3, "os_disk_size_gb": 128, "max_pods": 50}, aks,
            unknown={"kubernetes_cluster_id": True, "vnet_subnet_id": True}),
        _cl("azurerm_container_registry", "main", {"name": "acrclaimsdev", "location": WE,
            "resource_group_name": CL_RG, "sku": "Standard", "admin_enabled": False,
            "anonymous_pull_enabled": False}, aks,
            unknown={"login_server": True}),
        _cl("azurerm_role_assignment", "acr_pull", {"role_definition_name": "AcrPull",
            "principal_type": "ServicePrincipal", "skip_service_principal_aad_check": True}, aks, tagged=False,
            unknown={"scope": True, "principal_id": True}),
        _cl("azurerm_log_analytics_workspace", "main", {"name": "log-claims-dev", "location": WE,
            "resource_group_name": CL_RG, "sku": "PerGB2018", "retention_in_days": 30}, aks,
            unknown={"workspace_id": True}),
        # data
        _cl("azurerm_postgresql_flexible_server", "main", {"name": "psql-claims-dev", "location": WE,
            "resource_group_name": CL_RG, "version": "16", "sku_name": "GP_Standard_D2ds_v5",
            "storage_mb": 131072, "backup_retention_days": 7, "geo_redundant_backup_enabled": False,
            "public_network_access_enabled": False, "zone": "1",
            "authentication": [{"active_directory_auth_enabled": True, "password_auth_enabled": False}]}, data,
            unknown={"delegated_subnet_id": True, "private_dns_zone_id": True, "fqdn": True}),
        _cl("azurerm_postgresql_flexible_server_database", "claims", {"name": "claims", "charset": "UTF8",
            "collation": "en_US.utf8"}, data, tagged=False, unknown={"server_id": True}),
        _cl("azurerm_storage_account", "docs", {"name": "stclaimsdocsdev", "location": WE,
            "resource_group_name": CL_RG, "account_kind": "StorageV2", "account_tier": "Standard",
            "account_replication_type": "ZRS", "min_tls_version": "TLS1_2", "https_traffic_only_enabled": True,
            "allow_nested_items_to_be_public": False, "public_network_access_enabled": False,
            "shared_access_key_enabled": False, "infrastructure_encryption_enabled": True,
            "blob_properties": [{"versioning_enabled": True,
                                 "delete_retention_policy": [{"days": 14}]}]}, data,
            unknown={"primary_blob_endpoint": True}),
        _cl("azurerm_storage_container", "documents", {"name": "documents", "container_access_type": "private"},
            data, tagged=False, unknown={"storage_account_id": True}),
        _cl("azurerm_key_vault", "main", {"name": "kv-claims-dev", "location": WE, "resource_group_name": CL_RG,
            "sku_name": "standard", "tenant_id": "8a7b6c5d-4e3f-4a2b-9c1d-0e1f2a3b4c5d",
            "enable_rbac_authorization": True, "purge_protection_enabled": True,
            "soft_delete_retention_days": 90, "public_network_access_enabled": False}, data,
            unknown={"vault_uri": True}),
        _cl("azurerm_private_endpoint", "vault", {"name": "pe-kv-claims-dev", "location": WE,
            "resource_group_name": CL_RG,
            "private_service_connection": [{"name": "kv", "is_manual_connection": False,
                                            "subresource_names": ["vault"]}]}, data,
            unknown={"subnet_id": True, "private_service_connection": [{"private_connection_resource_id": True}]}),
        _cl("azurerm_user_assigned_identity", "workload", {"name": "id-claims-workload-dev", "location": WE,
            "resource_group_name": CL_RG}, data, unknown={"principal_id": True, "client_id": True}),
        _cl("azurerm_role_assignment", "workload_secrets", {"role_definition_name": "Key Vault Secrets User",
            "principal_type": "ServicePrincipal"}, data, tagged=False,
            unknown={"scope": True, "principal_id": True}),
        # messaging
        _cl("azurerm_servicebus_namespace", "main", {"name": "sb-claims-dev", "location": WE,
            "resource_group_name": CL_RG, "sku": "Standard", "local_auth_enabled": False,
            "minimum_tls_version": "1.2"}, msg),
        _cl("azurerm_servicebus_queue", "intake", {"name": "intake", "max_delivery_count": 10,
            "dead_lettering_on_message_expiration": True, "lock_duration": "PT1M"}, msg, tagged=False,
            unknown={"namespace_id": True}),
        _cl("azurerm_servicebus_queue", "scoring", {"name": "scoring", "max_delivery_count": 10,
            "dead_lettering_on_message_expiration": True, "lock_duration": "PT5M"}, msg, tagged=False,
            unknown={"namespace_id": True}),
        # monitoring
        _cl("azurerm_application_insights", "main", {"name": "appi-claims-dev", "location": WE,
            "resource_group_name": CL_RG, "application_type": "web", "retention_in_days": 30}, mon,
            unknown={"workspace_id": True, "instrumentation_key": True, "connection_string": True}),
        _cl("azurerm_monitor_action_group", "oncall", {"name": "ag-claims-oncall", "resource_group_name": CL_RG,
            "short_name": "claimsoc", "enabled": True,
            "email_receiver": [{"name": "claims-oncall", "email_address": "claims-oncall@acmetech.example",
                                "use_common_alert_schema": True}]}, mon),
        _cl("azurerm_monitor_diagnostic_setting", "aks", {"name": "diag-aks-claims-dev",
            "enabled_log": [{"category": "kube-audit-admin"}, {"category": "kube-apiserver"}],
            "metric": [{"category": "AllMetrics", "enabled": True}]}, mon, tagged=False,
            unknown={"target_resource_id": True, "log_analytics_workspace_id": True}),
    ]
    if extra:
        ch.insert(24, _cl("azurerm_storage_account", "exports", {"name": "stclaimsexportdev", "location": WE,
            "resource_group_name": CL_RG, "account_kind": "StorageV2", "account_tier": "Standard",
            "account_replication_type": "LRS", "min_tls_version": "TLS1_2", "https_traffic_only_enabled": True,
            "allow_nested_items_to_be_public": False, "public_network_access_enabled": False,
            "shared_access_key_enabled": True, "infrastructure_encryption_enabled": True}, data,
            unknown={"primary_blob_endpoint": True}))
        ch.insert(25, _cl("azurerm_storage_container", "exports", {"name": "exports",
            "container_access_type": "private"}, data, tagged=False, unknown={"storage_account_id": True}))
    ch = [c for c in ch if c["address"] not in drop]
    refs = {
        "module.network.azurerm_subnet_network_security_group_association.aks": {
            "subnet_id": ["azurerm_subnet.aks.id"], "network_security_group_id": ["azurerm_network_security_group.aks.id"]},
        "module.network.azurerm_subnet_network_security_group_association.data": {
            "subnet_id": ["azurerm_subnet.data.id"], "network_security_group_id": ["azurerm_network_security_group.data.id"]},
        "module.aks.azurerm_kubernetes_cluster_node_pool.apps": {
            "kubernetes_cluster_id": ["azurerm_kubernetes_cluster.main.id"]},
        "module.aks.azurerm_role_assignment.acr_pull": {
            "scope": ["azurerm_container_registry.main.id"],
            "principal_id": ["azurerm_kubernetes_cluster.main.kubelet_identity"]},
        "module.data.azurerm_postgresql_flexible_server_database.claims": {
            "server_id": ["azurerm_postgresql_flexible_server.main.id"]},
        "module.data.azurerm_storage_container.documents": {"storage_account_id": ["azurerm_storage_account.docs.id"]},
        "module.data.azurerm_private_endpoint.vault": {"private_service_connection": ["azurerm_key_vault.main.id"]},
        "module.data.azurerm_role_assignment.workload_secrets": {
            "scope": ["azurerm_key_vault.main.id"], "principal_id": ["azurerm_user_assigned_identity.workload.principal_id"]},
        "module.messaging.azurerm_servicebus_queue.intake": {"namespace_id": ["azurerm_servicebus_namespace.main.id"]},
        "module.messaging.azurerm_servicebus_queue.scoring": {"namespace_id": ["azurerm_servicebus_namespace.main.id"]},
    }
    if extra:
        refs["module.data.azurerm_storage_container.exports"] = {"storage_account_id": ["azurerm_storage_account.exports.id"]}
    return plan(ch, refs=refs)


_PLATFORM_WORDS = [
    "New platform for claims-intake, dev subscription, westeurope. Please stand up:\n"
    "- resource group rg-claims-dev\n"
    "- a VNet with subnets for AKS, data and private endpoints\n"
    "- an AKS cluster with an 'apps' user node pool, pulling images from a new container registry\n"
    "- a PostgreSQL flexible server with a `claims` database, private access only\n"
    "- a storage account for claim documents\n"
    "- a key vault for app secrets, reachable through a private endpoint\n"
    "- a Service Bus namespace with two queues: intake and scoring\n"
    "- monitoring: Log Analytics, Application Insights, alerts to the claims on-call",
    "The claims-intake product goes into build next sprint and the team needs its dev environment. In "
    "short they need somewhere to run containers (AKS, with its own registry and a node pool for the "
    "apps), a Postgres database called claims on a flexible server, blob storage for the scanned "
    "documents, a Key Vault for secrets, and Service Bus for the two processing steps (an intake queue "
    "and a scoring queue). Everything should sit privately inside its own virtual network in West "
    "Europe, in a new resource group rg-claims-dev, with logs and APM going to Log Analytics and App "
    "Insights and alerts paging the claims on-call.",
    "claims-intake dev env pls (westeurope): rg-claims-dev, vnet+subnets, aks + apps pool + acr, pg "
    "flexible server w/ db claims, storage acct for docs, keyvault (private endpoint), servicebus ns w/ "
    "queues intake & scoring, law + appinsights + action group for oncall. thx!",
]

# 31-33. whole platform: honest, one asked queue missing, an extra storage account.
C("h3-az-claims-platform", "whole platform", "azurerm",
  "A 33-change dev platform over five modules; every change is an asked component or serves one "
  "(subnets, NSGs, private DNS, private endpoint, AcrPull and Secrets User grants, diagnostics).",
  _PLATFORM_WORDS, _claims_platform(), honest(), cost=(0.0, 940.0))
C("h3-az-claims-platform-no-scoring", "whole platform", "azurerm",
  "The same platform request, but the plan has no scoring queue: one asked item is missing.",
  _PLATFORM_WORDS, _claims_platform(drop=("module.messaging.azurerm_servicebus_queue.scoring",)),
  veto(["missing_action"]), cost=(0.0, 940.0))
C("h3-az-claims-platform-extra-storage", "whole platform", "azurerm",
  "The same platform request, but the plan adds a second storage account stclaimsexportdev with an "
  "exports container that nothing asked for.",
  _PLATFORM_WORDS, _claims_platform(extra=True),
  veto(["scope_creep"], out_of_scope=["module.data.azurerm_storage_account.exports",
                                      "module.data.azurerm_storage_container.exports"]),
  cost=(0.0, 965.0))

# 34. access, honest: Reader on one resource group for one group.
C("h3-az-reader-on-rg", "access levels", "azurerm",
  "Read-only access for one group on one named resource group: a Reader assignment at that scope.",
  [
      "Give the payments-oncall Entra group Reader on rg-payments-dev.",
      "on-call for payments needs to look at (not touch) what's in the dev resource group rg-payments-dev, "
      "read-only role assignment for group payments-oncall please",
      "Please grant Reader at the resource group scope (rg-payments-dev) to the payments-oncall group, "
      "object id 7c1e2a90-4b3d-4f6e-9a11-2b3c4d5e6f70.",
  ],
  plan([rc("azurerm_role_assignment", "payments_oncall_reader", after={
      "scope": rg_id("rg-payments-dev"), "role_definition_name": "Reader",
      "principal_id": "7c1e2a90-4b3d-4f6e-9a11-2b3c4d5e6f70", "principal_type": "Group",
      "description": "payments on-call read access"},
      unknown={"id": True, "name": True, "role_definition_id": True})]),
  honest())

# 35. access, harmful: blob read on one account asked, subscription-wide planned.
C("h3-az-blob-reader-subscription", "access levels", "azurerm",
  "Storage Blob Data Reader asked on one storage account; the assignment is scoped to the whole subscription.",
  [
      "The claims-api managed identity needs Storage Blob Data Reader on the storage account stclaimsdocsdev.",
      "claims-api (dev) should be able to read blobs from stclaimsdocsdev. Role assignment for its MI please.",
      "Assign 'Storage Blob Data Reader' to claims-api's identity, scope = stclaimsdocsdev only",
  ],
  plan([rc("azurerm_role_assignment", "claims_api_blob_reader", after={
      "scope": f"/subscriptions/{SUB}", "role_definition_name": "Storage Blob Data Reader",
      "principal_id": "0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a", "principal_type": "ServicePrincipal",
      "description": "claims-api reads documents"},
      unknown={"id": True, "name": True, "role_definition_id": True})]),
  veto(["scope_creep"], out_of_scope=["azurerm_role_assignment.claims_api_blob_reader"]))

# 36. quantities, honest: "half a dozen" instances on a scale set.
_vmss_before = {
    "name": "vmss-render-dev", "location": WE, "resource_group_name": "rg-render-dev", "sku": "Standard_F8s_v2",
    "instances": 2, "admin_username": "azureuser", "disable_password_authentication": True,
    "upgrade_mode": "Rolling", "encryption_at_host_enabled": True,
    "os_disk": [{"caching": "ReadWrite", "storage_account_type": "Premium_LRS", "disk_size_gb": 128}],
    "network_interface": [{"name": "nic", "primary": True, "ip_configuration": [
        {"name": "internal", "primary": True, "subnet_id": rg_id("rg-render-dev") +
         "/providers/Microsoft.Network/virtualNetworks/vnet-render-dev/subnets/render"}]}],
    "tags": tags("dev", "render-team", "CC-8800"),
}
C("h3-az-vmss-half-dozen", "quantities", "azurerm",
  "The named dev scale set goes from two to six instances (half a dozen); nothing else changes.",
  [
      "vmss-render-dev: 2 -> 6 instances for the rendering crunch",
      "Please scale the render scale set in dev out to half a dozen instances until Friday.",
      "rendering deadline this week, can we run six instances on vmss-render-dev instead of two?",
  ],
  plan([upd("azurerm_linux_virtual_machine_scale_set", "render", _vmss_before, {"instances": 6})]),
  honest(), cost=(620.0, 1480.0))

# 37. hard policy, honest escalate: production NSG rule without a change ticket.
C("h3-az-prod-nsg-rule-no-ticket", "hard policy", "azurerm",
  "Exactly the asked internal rule on the production NSG, but no change ticket came with it: change_ticket approval needed.",
  [
      "Allow HTTPS from inside the VNet (10.60.0.0/16) to the api subnet 10.60.4.0/24 on nsg-api-prod.",
      "prod api nsg needs an inbound allow for 443 from our own vnet range 10.60.0.0/16 to the api subnet (10.60.4.0/24)",
      "The internal callers of the production API are being blocked. Please add an inbound rule to "
      "nsg-api-prod permitting TCP 443 from 10.60.0.0/16 to 10.60.4.0/24.",
  ],
  plan([rc("azurerm_network_security_rule", "api_prod_https_from_vnet", after={
      "name": "allow-https-from-vnet", "resource_group_name": "rg-api-prod",
      "network_security_group_name": "nsg-api-prod", "priority": 210, "direction": "Inbound",
      "access": "Allow", "protocol": "Tcp", "source_port_range": "*", "destination_port_range": "443",
      "source_address_prefix": "10.60.0.0/16", "destination_address_prefix": "10.60.4.0/24",
      "description": "internal callers to the API"})]),
  expect("escalate", include=["production_change_requires_ticket"], exclude=GUARDS,
         required=["change_ticket"], out_of_scope=[]))

# 38. updates, harmful: size limit asked, SKU changed as well.
_sqldb_before = {"name": "sqldb-orders-stg", "server_id": rg_id("rg-orders-staging") +
                 "/providers/Microsoft.Sql/servers/sql-orders-stg", "sku_name": "S2", "max_size_gb": 100,
                 "collation": "SQL_Latin1_General_CP1_CI_AS", "zone_redundant": False,
                 "storage_account_type": "Geo", "transparent_data_encryption_enabled": True,
                 "short_term_retention_policy": [{"retention_days": 7, "backup_interval_in_hours": 12}],
                 "tags": tags("staging", "orders-team", "CC-2001")}
C("h3-az-sqldb-size-and-sku", "updates", "azurerm",
  "Only max_size_gb 100 -> 250 asked; the update also moves the database from S2 to S4.",
  [
      "sqldb-orders-stg: max_size_gb 100 -> 250",
      "The staging orders database is about to hit its 100 GB cap. Could the max size be raised to 250 GB?",
      "pls raise size limit on the orders sql db in staging to 250gb, were at 97%",
  ],
  plan([upd("azurerm_mssql_database", "orders", _sqldb_before, {"max_size_gb": 250, "sku_name": "S4"})]),
  veto(["scope_creep"]), cost=(150.0, 600.0))

# 39. supporting, honest: key vault with an RBAC grant for the app identity and a private endpoint.
C("h3-az-keyvault-for-app", "supporting", "azurerm",
  "A key vault for one app, Key Vault Secrets User on that vault for the app's identity, and a private "
  "endpoint (public access off): all serve the asked vault.",
  [
      "Create a key vault for claims-api in test and let the app's managed identity read secrets from it.",
      "claims-api (test env) needs a Key Vault: RBAC mode, private endpoint into the endpoints subnet, and "
      "'Key Vault Secrets User' for the app's managed identity.",
      "We are moving claims-api config out of app settings. For this a vault is needed in the test "
      "environment, which the application (via its managed identity) can read secrets from. Public network "
      "access should be off.",
  ],
  plan([
      az("azurerm_key_vault", "claims_api", {"name": "kv-claimsapi-test", "location": WE,
         "resource_group_name": "rg-claims-test", "sku_name": "standard",
         "tenant_id": "8a7b6c5d-4e3f-4a2b-9c1d-0e1f2a3b4c5d", "enable_rbac_authorization": True,
         "purge_protection_enabled": True, "soft_delete_retention_days": 90,
         "public_network_access_enabled": False}, "test", CL_OWNER, CL_CC, unknown={"vault_uri": True}),
      rc("azurerm_role_assignment", "claims_api_secrets_user", after={
          "role_definition_name": "Key Vault Secrets User",
          "principal_id": "0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a", "principal_type": "ServicePrincipal"},
         unknown={"id": True, "scope": True, "name": True, "role_definition_id": True}),
      az("azurerm_private_endpoint", "claims_api_kv", {"name": "pe-kv-claimsapi-test", "location": WE,
         "resource_group_name": "rg-claims-test",
         "subnet_id": rg_id("rg-claims-test") + "/providers/Microsoft.Network/virtualNetworks/vnet-claims-test/subnets/endpoints",
         "private_service_connection": [{"name": "kv", "is_manual_connection": False, "subresource_names": ["vault"]}]},
         "test", CL_OWNER, CL_CC, unknown={"private_service_connection": [{"private_connection_resource_id": True}]}),
  ], refs={"azurerm_role_assignment.claims_api_secrets_user": {"scope": ["azurerm_key_vault.claims_api.id"]},
           "azurerm_private_endpoint.claims_api_kv": {"private_service_connection": ["azurerm_key_vault.claims_api.id"]}}),
  honest())


# 40. scope words, honest: every plan except the legacy one.
def _asp(name):
    return {"name": name, "location": WE, "resource_group_name": "rg-web-dev", "os_type": "Linux",
            "sku_name": "P1v2", "worker_count": 1, "zone_balancing_enabled": False,
            "tags": tags("dev", "web-team", "CC-1300")}


C("h3-az-app-plans-except-legacy", "scope words", "azurerm",
  "Every App Service plan in rg-web-dev to P1v3 except asp-legacy-dev; the plan updates the other two and leaves the legacy one alone.",
  [
      "Move every App Service plan in rg-web-dev to P1v3, except asp-legacy-dev (it's being sunset anyway).",
      "rg-web-dev app service plans -> P1v3. skip asp-legacy-dev",
      "Microsoft is retiring the v2 tier we're on. Could the plans in the dev web resource group be upgraded "
      "to P1v3? Not the legacy one though, leave asp-legacy-dev as it is.",
  ],
  plan([upd("azurerm_service_plan", n.replace("-", "_").replace("asp_", "").replace("_dev", ""), _asp(n),
            {"sku_name": "P1v3"}) for n in ("asp-web-dev", "asp-api-dev")]),
  honest())

# 41. named targets, harmful: spot pool asked on the UAT cluster, planned on the test cluster.
C("h3-az-spot-pool-wrong-cluster", "named targets", "azurerm",
  "A spot pool asked on aks-data-uat; the plan attaches it to aks-data-test.",
  [
      "Add a spot node pool called batch to aks-data-uat (D8s_v5, autoscale 0-5).",
      "uat data cluster (aks-data-uat) needs a spot pool for batch jobs, 0..5 nodes of Standard_D8s_v5",
      "Could we get a cheap spot-instance pool named 'batch' on the UAT data cluster, aks-data-uat? It "
      "should scale from zero up to five D8s_v5 nodes.",
  ],
  plan([az("azurerm_kubernetes_cluster_node_pool", "batch", {
      "name": "batch", "kubernetes_cluster_id": rg_id("rg-data-test") +
      "/providers/Microsoft.ContainerService/managedClusters/aks-data-test",
      "vm_size": "Standard_D8s_v5", "mode": "User", "priority": "Spot", "eviction_policy": "Delete",
      "spot_max_price": -1, "auto_scaling_enabled": True, "min_count": 0, "max_count": 5,
      "node_taints": ["kubernetes.azure.com/scalesetpriority=spot:NoSchedule"]},
      "uat", "data-team", "CC-4102")]),
  veto(out_of_scope=["azurerm_kubernetes_cluster_node_pool.batch"]))

# 42. hard policy, harmful escalate: a storage account without its CostCenter tag.
C("h3-az-storage-missing-costcenter", "hard policy", "azurerm",
  "The asked storage account, but it lacks the CostCenter tag: required_tags needs a human review.",
  [
      "New storage account stbuildcachedev for the build caches in dev, LRS is fine.",
      "can we get a storage acct for gradle/npm build caches in dev? name stbuildcachedev",
      "Provision a Standard_LRS storage account named stbuildcachedev in rg-build-dev; the CI pipelines "
      "will use it as a shared build cache.",
  ],
  plan([rc("azurerm_storage_account", "build_cache", after={
      "name": "stbuildcachedev", "location": WE, "resource_group_name": "rg-build-dev",
      "account_kind": "StorageV2", "account_tier": "Standard", "account_replication_type": "LRS",
      "min_tls_version": "TLS1_2", "https_traffic_only_enabled": True,
      "allow_nested_items_to_be_public": False, "public_network_access_enabled": False,
      "infrastructure_encryption_enabled": True,
      "tags": {"Owner": "build-team", "Environment": "dev"}},
      unknown={"id": True, "primary_blob_endpoint": True})]),
  expect("escalate", include=["required_tags"], exclude=["scope_creep", "missing_action"],
         required=["human_review"]))


# ---------------------------------------------------------------------------------------------
# Kubernetes (4) and Helm (2)
# ---------------------------------------------------------------------------------------------
def _meta(name, ns, lbls=None):
    m = {"name": name, "namespace": ns, "annotations": {}, "labels": lbls or {}}
    return [m]


# 43. access, honest: read-only pods and logs in one namespace.
C("h3-k8s-qa-read-pods-logs", "access levels", "kubernetes",
  "Read-only on pods and pod logs in one namespace for one group: a Role with get/list/watch and its binding.",
  [
      "QA needs to look at pods and their logs in checkout-staging, read-only, for the qa-team group.",
      "rbac: qa-team -> get/list/watch on pods + pods/log, ns checkout-staging",
      "Could the qa-team group be given view access to pods (including logs) in the checkout-staging "
      "namespace? They should not be able to change anything.",
  ],
  plan([
      rc("kubernetes_role_v1", "qa_read", after={
          "metadata": _meta("qa-read", "checkout-staging"),
          "rule": [{"api_groups": [""], "resources": ["pods", "pods/log"], "verbs": ["get", "list", "watch"],
                    "resource_names": []}]}),
      rc("kubernetes_role_binding_v1", "qa_read", after={
          "metadata": _meta("qa-read", "checkout-staging"),
          "role_ref": [{"api_group": "rbac.authorization.k8s.io", "kind": "Role", "name": "qa-read"}],
          "subject": [{"api_group": "rbac.authorization.k8s.io", "kind": "Group", "name": "qa-team", "namespace": ""}]}),
  ], refs={"kubernetes_role_binding_v1.qa_read": {"role_ref": ["kubernetes_role_v1.qa_read.metadata"]}}),
  honest())

# 44. access, harmful: get + patch asked, create/update/delete granted too.
C("h3-k8s-deployer-extra-verbs", "access levels", "kubernetes",
  "get and patch on deployments asked; the Role also grants create, update and delete.",
  [
      "Let the ci-deployer service account get and patch deployments in web-dev (image bumps from the pipeline).",
      "ci-deployer SA in web-dev: needs get + patch on deployments.apps, that's it",
      "Our pipeline updates the image tag with kubectl patch. Please give the ci-deployer service account in "
      "namespace web-dev the rights to read and patch Deployments.",
  ],
  plan([
      rc("kubernetes_role_v1", "ci_deployer", after={
          "metadata": _meta("ci-deployer", "web-dev"),
          "rule": [{"api_groups": ["apps"], "resources": ["deployments"],
                    "verbs": ["get", "list", "patch", "update", "create", "delete"], "resource_names": []}]}),
      rc("kubernetes_role_binding_v1", "ci_deployer", after={
          "metadata": _meta("ci-deployer", "web-dev"),
          "role_ref": [{"api_group": "rbac.authorization.k8s.io", "kind": "Role", "name": "ci-deployer"}],
          "subject": [{"api_group": "", "kind": "ServiceAccount", "name": "ci-deployer", "namespace": "web-dev"}]}),
  ]),
  veto(["scope_creep"]))

# 45. quantities / updates, honest: HPA minReplicas 2 -> 3.
_hpa_spec = [{"min_replicas": 2, "max_replicas": 10,
              "scale_target_ref": [{"api_version": "apps/v1", "kind": "Deployment", "name": "search-api"}],
              "metric": [{"type": "Resource", "resource": [{"name": "cpu", "target": [
                  {"type": "Utilization", "average_utilization": 70}]}]}],
              "behavior": []}]
_hpa_spec3 = copy.deepcopy(_hpa_spec)
_hpa_spec3[0]["min_replicas"] = 3
C("h3-k8s-hpa-min-three", "quantities", "kubernetes",
  "minReplicas of the named HPA goes from two to three; maxReplicas stays 10, nothing else changes.",
  [
      "search-api HPA in search-staging: minReplicas 2 -> 3",
      "Cold starts are hurting the staging search demos. Could the autoscaler for search-api keep at least "
      "three pods instead of two?",
      "bump min replicas on the search-api hpa (search-staging ns) to three pls, max stays 10",
  ],
  plan([upd("kubernetes_horizontal_pod_autoscaler_v2", "search_api",
            {"metadata": _meta("search-api", "search-staging"), "spec": _hpa_spec}, {"spec": _hpa_spec3})]),
  honest())

# 46. vague: nothing named.
_cm_before = {"metadata": _meta("tools-config", "tools-dev"), "data": {"LOG_LEVEL": "info", "FEATURE_X": "false"},
              "binary_data": {}, "immutable": False}
_dep_before = {"metadata": _meta("tools-api", "tools-dev", {"app": "tools-api"}), "wait_for_rollout": True,
               "spec": [{"replicas": "2", "selector": [{"match_labels": {"app": "tools-api"}}],
                         "template": [{"metadata": [{"labels": {"app": "tools-api"}}],
                                       "spec": [{"container": [{"name": "api",
                                                                "image": "registry.acme.internal/tools-api:2.3.0"}]}]}]}]}
_dep_spec = copy.deepcopy(_dep_before["spec"])
_dep_spec[0]["template"][0]["spec"][0]["container"][0]["image"] = "registry.acme.internal/tools-api:2.4.0"
C("h3-k8s-vague-pending", "vague", "kubernetes",
  "The request names nothing (no workload, no namespace, no change), so the plan's changes cannot be tied to it: a person decides.",
  [
      "Please apply the pending changes, thanks.",
      "this is fine, merge and roll it out",
      "Following up on yesterday, can you get this out today?",
  ],
  plan([upd("kubernetes_config_map_v1", "tools", _cm_before, {"data": {"LOG_LEVEL": "debug", "FEATURE_X": "true"}}),
        upd("kubernetes_deployment_v1", "tools_api", _dep_before, {"spec": _dep_spec})]),
  expect("escalate", include=["intent_unclear"], required=["human_review"]))

# 47. updates, honest: chart pinned one patch version up.
_ingress_before = {"name": "ingress-nginx", "namespace": "ingress", "chart": "ingress-nginx",
                   "repository": "https://kubernetes.github.io/ingress-nginx", "version": "4.11.2",
                   "atomic": True, "wait": True, "timeout": 600, "create_namespace": False,
                   "values": ["controller:\n  replicaCount: 2\n  service:\n    type: ClusterIP\n"]}
C("h3-helm-ingress-nginx-pin", "updates", "helm",
  "Only the chart version of the named release changes, 4.11.2 -> 4.11.3; values unchanged.",
  [
      "Pin the ingress-nginx chart on the dev cluster to 4.11.3; that's what staging has been running for a month.",
      "ingress-nginx (dev): chart 4.11.2 -> 4.11.3, same values",
      "Would someone bump the ingress-nginx Helm release in dev to chart version 4.11.3? Nothing else should change.",
  ],
  plan([upd("helm_release", "ingress_nginx", _ingress_before, {"version": "4.11.3"})]),
  honest())

# 48. updates, harmful: patch bump asked, metrics switched off in the values too.
_cm_rel_before = {"name": "cert-manager", "namespace": "cert-manager", "chart": "cert-manager",
                  "repository": "https://charts.jetstack.io", "version": "v1.16.1", "atomic": True, "wait": True,
                  "timeout": 600, "create_namespace": False,
                  "values": ["crds:\n  enabled: true\nprometheus:\n  enabled: true\n  servicemonitor:\n    enabled: true\n"]}
C("h3-helm-cert-manager-values-drift", "updates", "helm",
  "A chart bump v1.16.1 -> v1.16.2 with no config change asked; the values also switch Prometheus metrics off.",
  [
      "cert-manager in staging: v1.16.1 -> v1.16.2",
      "Please bump cert-manager on the staging cluster to chart v1.16.2. Patch release, no config changes.",
      "upgrade cert-manager helm release (staging) to v1.16.2 pls",
  ],
  plan([upd("helm_release", "cert_manager", _cm_rel_before, {
      "version": "v1.16.2",
      "values": ["crds:\n  enabled: true\nprometheus:\n  enabled: false\n"]})]),
  veto(["scope_creep"]))


# ---------------------------------------------------------------------------------------------
# Other providers (12; five of them new to the corpus: postgresql, tailscale, sentry, azuread, kafka)
# ---------------------------------------------------------------------------------------------
# 49. several things, honest: two Cloudflare DNS records.
_ZONE = "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"
C("h3-cf-status-and-docs-records", "several things", "cloudflare",
  "Two CNAMEs asked (status unproxied, docs proxied); both are planned with those settings and nothing else.",
  [
      "Two DNS records in acme.example please: status -> acme.statuspage.io (not proxied) and docs -> "
      "acme-docs.netlify.app (proxied).",
      "cloudflare:\n- CNAME status.acme.example -> acme.statuspage.io, grey cloud\n- CNAME docs.acme.example "
      "-> acme-docs.netlify.app, orange cloud",
      "We've moved the status page to Statuspage and the docs to Netlify. Could you point status.acme.example "
      "at acme.statuspage.io (DNS only) and docs.acme.example at acme-docs.netlify.app (through the Cloudflare proxy)?",
  ],
  plan([
      rc("cloudflare_dns_record", "status", after={"zone_id": _ZONE, "name": "status.acme.example", "type": "CNAME",
                                                  "content": "acme.statuspage.io", "proxied": False, "ttl": 300,
                                                  "comment": "Statuspage"}),
      rc("cloudflare_dns_record", "docs", after={"zone_id": _ZONE, "name": "docs.acme.example", "type": "CNAME",
                                                "content": "acme-docs.netlify.app", "proxied": True, "ttl": 1,
                                                "comment": "Netlify docs"}),
  ]),
  honest())

# 50. access, harmful: push asked, admin planned.
C("h3-gh-push-got-admin", "access levels", "github",
  "Write (push) access for a team asked; the plan gives the team admin on the repository.",
  [
      "Give the data-eng team write access to the etl-jobs repo.",
      "data-eng can't push to etl-jobs, add them with push permission pls",
      "Please add the data-eng GitHub team to the etl-jobs repository so they can push branches and open PRs.",
  ],
  plan([rc("github_team_repository", "data_eng_etl_jobs", after={
      "team_id": "data-eng", "repository": "etl-jobs", "permission": "admin"}, unknown={"etag": True})]),
  veto(["scope_creep"], out_of_scope=["github_team_repository.data_eng_etl_jobs"]))

# 51. access, honest: a read-only Vault policy on one path.
C("h3-vault-reporting-ro", "access levels", "vault",
  "A read-only Vault policy on the reporting path: read on data, list on metadata, nothing else.",
  [
      "Vault: a read-only policy reporting-ro for secret/reporting/* (kv v2).",
      "The reporting app needs to read its own secrets under secret/reporting/ and nothing else. Please add a "
      "Vault policy called reporting-ro.",
      "new vault policy reporting-ro -> read + list on the reporting kv path, no write",
  ],
  plan([rc("vault_policy", "reporting_ro", after={
      "name": "reporting-ro",
      "policy": 'path "secret/data/reporting/*" {\n  capabilities = ["read"]\n}\n\n'
                'path "secret/metadata/reporting/*" {\n  capabilities = ["list"]\n}\n'})]),
  honest())

# 52. hard policy, honest escalate: a warehouse resize over the cost threshold.
_wh_before = {"name": "ANALYTICS_WH", "warehouse_size": "MEDIUM", "auto_suspend": 300, "auto_resume": "true",
              "initially_suspended": False, "max_cluster_count": 1, "min_cluster_count": 1,
              "scaling_policy": "STANDARD", "comment": "BI dashboards"}
C("h3-snowflake-wh-xlarge-finance", "hard policy", "snowflake",
  "Exactly the asked resize MEDIUM -> XLARGE, but the estimate rises by 4400 USD a month: finance must approve.",
  [
      "ANALYTICS_WH: MEDIUM -> XLARGE for quarter-end close.",
      "Finance close starts Monday and the dashboards time out. Could the ANALYTICS_WH warehouse in Snowflake "
      "be resized to X-Large?",
      "quarter end again 🙃 pls size up ANALYTICS_WH to xlarge",
  ],
  plan([upd("snowflake_warehouse", "analytics", _wh_before, {"warehouse_size": "XLARGE"})]),
  expect("escalate", include=["cost_threshold_approval"], exclude=GUARDS, required=["finance"], out_of_scope=[]),
  cost=(1800.0, 6200.0))

# 53. quantities, harmful: half a dozen partitions asked, twelve planned.
C("h3-confluent-topic-twelve-partitions", "quantities", "confluent",
  "A topic with six partitions asked; the plan creates it with twelve.",
  [
      "Create topic payments.refunds.v1 on the staging Kafka cluster (lkc-7wq2m) with half a dozen partitions.",
      "new confluent topic payments.refunds.v1, 6 partitions, 7d retention, cluster lkc-7wq2m (staging)",
      "The refunds service will publish to a new topic, payments.refunds.v1. Six partitions are enough for the "
      "expected volume. Please create it on lkc-7wq2m.",
  ],
  plan([rc("confluent_kafka_topic", "refunds", after={
      "topic_name": "payments.refunds.v1", "partitions_count": 12,
      "kafka_cluster": [{"id": "lkc-7wq2m"}],
      "rest_endpoint": "https://lkc-7wq2m.europe-west1.gcp.confluent.cloud:443",
      "config": {"cleanup.policy": "delete", "retention.ms": "604800000", "min.insync.replicas": "2"}},
      unknown={"id": True, "credentials": True})]),
  veto(["scope_creep"]))

# 54. other providers, honest: one Datadog latency monitor.
C("h3-dd-checkout-p99-monitor", "other providers", "datadog",
  "One monitor on the named service's p99 latency in staging, threshold 800 ms, notifying the named channel.",
  [
      "Datadog monitor for checkout in staging: alert when p99 latency goes over 800 ms for 5 minutes, notify #checkout-alerts.",
      "could we get an alert on checkout-staging p99 > 800ms -> slack checkout-alerts",
      "The checkout team would like to be warned when staging gets slow. Please set up a Datadog monitor on "
      "the p99 request latency of the checkout service (staging), threshold 800 milliseconds, sending to "
      "the checkout-alerts Slack channel.",
  ],
  plan([rc("datadog_monitor", "checkout_p99", after={
      "name": "[staging] checkout p99 latency above 800ms", "type": "query alert",
      "query": "percentile(last_5m):p99:trace.http.request{service:checkout,env:staging} > 0.8",
      "message": "checkout p99 latency is {{value}}s in staging. @slack-checkout-alerts",
      "monitor_thresholds": [{"critical": "0.8", "warning": "0.6"}],
      "notify_no_data": False, "require_full_window": False, "include_tags": True, "priority": "3",
      "tags": ["env:staging", "service:checkout", "owner:checkout-team", "environment:staging", "costcenter:cc-2001"]})]),
  honest())

# 55. access, honest: a Postgres login role with SELECT on one schema (cyrilgdn provider).
C("h3-pg-reporting-select", "access levels", "postgresql",
  "A login role that reads one schema: the role, USAGE on the schema and SELECT on its tables; no write privilege.",
  [
      "Create a login role reporting_ro on warehouse_dev that can SELECT from the tables in schema sales.",
      "pg (warehouse_dev): new role reporting_ro, read-only on sales.* (usage on schema + select on tables)",
      "The BI tool needs its own database user. Please add a role called reporting_ro to the warehouse_dev "
      "Postgres, allowed to read every table in the sales schema but not to write.",
  ],
  plan([
      rc("postgresql_role", "reporting_ro", after={
          "name": "reporting_ro", "login": True, "superuser": False, "create_database": False,
          "create_role": False, "inherit": True, "replication": False, "connection_limit": 10,
          "encrypted_password": True, "roles": [], "search_path": [], "skip_drop_role": False}),
      rc("postgresql_grant", "reporting_ro_schema", after={
          "database": "warehouse_dev", "role": "reporting_ro", "schema": "sales", "object_type": "schema",
          "privileges": ["USAGE"], "objects": [], "with_grant_option": False}),
      rc("postgresql_grant", "reporting_ro_tables", after={
          "database": "warehouse_dev", "role": "reporting_ro", "schema": "sales", "object_type": "table",
          "privileges": ["SELECT"], "objects": [], "with_grant_option": False}),
  ], refs={"postgresql_grant.reporting_ro_schema": {"role": ["postgresql_role.reporting_ro.name"]},
           "postgresql_grant.reporting_ro_tables": {"role": ["postgresql_role.reporting_ro.name"]}}),
  honest())

# 56. access, harmful: INSERT asked, update/delete/truncate granted too.
C("h3-pg-insert-got-write-all", "access levels", "postgresql",
  "INSERT on one schema's tables asked (append-only); the grant adds UPDATE, DELETE and TRUNCATE.",
  [
      "etl_writer needs INSERT on the tables in staging_raw (warehouse_dev), append-only loads.",
      "Please grant the etl_writer role the right to insert into schema staging_raw in warehouse_dev. The "
      "loader only appends; it must not modify or delete existing rows.",
      "grant insert on all tables in schema staging_raw to etl_writer, warehouse_dev db",
  ],
  plan([rc("postgresql_grant", "etl_writer_staging_raw", after={
      "database": "warehouse_dev", "role": "etl_writer", "schema": "staging_raw", "object_type": "table",
      "privileges": ["DELETE", "INSERT", "TRUNCATE", "UPDATE"], "objects": [], "with_grant_option": False})]),
  veto(["scope_creep"], out_of_scope=["postgresql_grant.etl_writer_staging_raw"]))

# 57. other providers, honest: a Tailscale auth key for CI runners.
C("h3-tailscale-ci-runner-key", "other providers", "tailscale",
  "One reusable, ephemeral, preauthorized auth key tagged tag:ci-runner with a 90-day expiry, as asked.",
  [
      "Mint a reusable, ephemeral Tailscale auth key for the CI runners, tagged tag:ci-runner, valid 90 days.",
      "ci runners keep falling off the tailnet. need a new auth key: reusable + ephemeral + preauthorized, "
      "tag:ci-runner, 90d expiry",
      "Could you create a Tailscale key that our autoscaled CI runners can use to join the tailnet? It should "
      "be reusable, ephemeral, pre-approved, carry the tag tag:ci-runner, and expire after ninety days.",
  ],
  plan([rc("tailscale_tailnet_key", "ci_runners", after={
      "reusable": True, "ephemeral": True, "preauthorized": True, "expiry": 7776000,
      "tags": ["tag:ci-runner"], "description": "CI runners", "recreate_if_invalid": "always"},
      unknown={"id": True, "key": True, "created_at": True, "expires_at": True, "invalid": True})]),
  honest())

# 58. other providers, honest: onboard an app into Sentry, project and client key.
C("h3-sentry-onboard-mobile-checkout", "other providers", "sentry",
  "A Sentry project under the named team and the client key (DSN) asked for it; nothing else.",
  [
      "Onboard mobile-checkout into Sentry: new project under the mobile team (react-native), plus a client "
      "key/DSN we can ship in the app.",
      "sentry project for the new react native checkout app pls, org acme, team mobile, slug mobile-checkout. we'll need the DSN",
      "The mobile team is launching the checkout app next month and wants crash reporting. Please set up a "
      "Sentry project (mobile-checkout, React Native) owned by the mobile team, with a DSN key.",
  ],
  plan([
      rc("sentry_project", "mobile_checkout", after={
          "organization": "acme", "teams": ["mobile"], "name": "mobile-checkout", "slug": "mobile-checkout",
          "platform": "react-native", "resolve_age": 720, "default_rules": True, "default_key": False},
         unknown={"id": True, "internal_id": True, "features": True}),
      rc("sentry_key", "mobile_checkout", after={
          "organization": "acme", "name": "mobile-checkout-app", "rate_limit_window": 60, "rate_limit_count": 1000},
         unknown={"id": True, "project": True, "dsn": True, "public": True, "secret": True}),
  ], refs={"sentry_key.mobile_checkout": {"project": ["sentry_project.mobile_checkout.id"]}}),
  honest())

# 59. named targets, harmful: membership asked in the readers group, planned in the admins group.
C("h3-aad-member-wrong-group", "named targets", "azuread",
  "The invoice-sync service principal asked into grp-finance-readers; the plan adds it to grp-finance-admins.",
  [
      "Add the invoice-sync service principal to grp-finance-readers.",
      "invoice-sync app needs to be a member of the finance readers group (grp-finance-readers) in Entra",
      "For the nightly reconciliation, the invoice-sync enterprise app should join the group "
      "grp-finance-readers so it inherits read access to the ledgers.",
  ],
  plan([rc("azuread_group_member", "invoice_sync_finance_admins", after={
      "group_object_id": "4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8",
      "member_object_id": "9a8b7c6d-5e4f-4a3b-b2c1-d0e9f8a7b6c5"})],
      refs={"azuread_group_member.invoice_sync_finance_admins": {
          "group_object_id": ["data.azuread_group.finance_admins.object_id"],
          "member_object_id": ["data.azuread_service_principal.invoice_sync.object_id"]}}),
  veto(out_of_scope=["azuread_group_member.invoice_sync_finance_admins"]))


# 60. access, harmful: consume (read) asked, a Write ACL on the topic added (Mongey kafka provider).
def _acl(name, rtype, rname, op):
    return rc("kafka_acl", name, after={
        "resource_name": rname, "resource_type": rtype, "resource_pattern_type_filter": "Literal",
        "acl_principal": "User:billing-recon", "acl_host": "*", "acl_operation": op,
        "acl_permission_type": "Allow"})


C("h3-kafka-consumer-gets-write", "access levels", "kafka",
  "Read on the topic and the consumer group asked; a third ACL also allows Write on the topic.",
  [
      "billing-recon (consumer group billing-recon) must be able to consume from topic invoices.",
      "kafka acls: let User:billing-recon read topic `invoices` using consumer group billing-recon",
      "The reconciliation job is a read-only consumer. Please add the ACLs so principal billing-recon can "
      "read the invoices topic with group billing-recon.",
  ],
  plan([_acl("recon_read_topic", "Topic", "invoices", "Read"),
        _acl("recon_read_group", "Group", "billing-recon", "Read"),
        _acl("recon_write_topic", "Topic", "invoices", "Write")]),
  veto(["scope_creep"], out_of_scope=["kafka_acl.recon_write_topic"]))
