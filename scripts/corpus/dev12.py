"""dev12: a part written blind (without reading the engine, its tests or the other parts' cases).

60 concepts, 180 cases: 26 approve, 26 veto, 8 escalate. AWS, Google, Azure and 22 other
providers. Labels follow the policies' meaning (DESIGN.md "Findings and decisions" and the corpus
README's label rules), never an engine's output.
"""
import copy
import json

import lib
from lib import rc, upd, delete, moved, plan, expect, honest, tags, labels
from common import (aws_instance, sg, iam_role, iam_attach, iam_policy, log_group, db_instance,
                    db_subnet_group, kms_key, s3_bucket, s3_private, azure_rg_id, gce_instance)

# The PostgreSQL provider is not in lib's table; register it here (deterministic, additive).
lib.PROVIDERS.setdefault("postgresql", "registry.terraform.io/cyrilgdn/postgresql")

ACCT = "111122223333"
SUB = "00000000-0000-0000-0000-00000000a001"
INTENT_GUARDS = ["scope_creep", "missing_action"]

CONCEPTS = []


def concept(cid, description, wordings, plan_doc, exp, approvals=(), ticket=None, cost=None):
    assert len(wordings) == 3, cid
    CONCEPTS.append({
        "id": "d12-" + cid,
        "description": description,
        "wordings": list(wordings),
        "plan": plan_doc,
        "expect": exp,
        "approvals": list(approvals),
        "ticket": ticket,
        "cost": cost,
    })


def after_of(entry):
    return copy.deepcopy(entry["change"]["after"])


def dd_tags(owner, env, cc, *extra):
    """Datadog / Linode / DigitalOcean style list tags carrying the required keys."""
    return [f"owner:{owner}", f"environment:{env}", f"costcenter:{cc}"] + list(extra)


# ---------------------------------------------------------------------------------------------
# AWS
# ---------------------------------------------------------------------------------------------

def _c01():
    changes = []
    for i in range(2):
        inst = aws_instance("batch_worker", "staging", itype="t3.large", index=i, owner="data-team",
                            cc="CC-2210", extra_tags={"Name": f"batch-worker-stg-{i}"})
        inst["change"]["after"]["iam_instance_profile"] = "batch-worker-stg"
        inst["change"]["after_unknown"]["vpc_security_group_ids"] = True
        changes.append(inst)
    changes.append(sg("batch_worker", "batch-worker-stg", "staging",
                      [(22, "10.8.0.0/16", "ssh from the VPN range")], owner="data-team", cc="CC-2210",
                      desc="batch workers"))
    changes.append(iam_role("batch_worker", "batch-worker-stg", "ec2.amazonaws.com", "staging",
                            owner="data-team", cc="CC-2210"))
    changes.append(rc("aws_iam_instance_profile", "batch_worker", after={
        "name": "batch-worker-stg", "path": "/", "role": "batch-worker-stg",
        "tags": tags("staging", "data-team", "CC-2210")}, unknown={"arn": True, "unique_id": True}))
    changes.append(iam_attach("batch_worker_ssm", "batch-worker-stg",
                              "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"))
    refs = {
        "aws_instance.batch_worker": {"iam_instance_profile": ["aws_iam_instance_profile.batch_worker.name"],
                                      "vpc_security_group_ids": ["aws_security_group.batch_worker.id"]},
        "aws_iam_instance_profile.batch_worker": {"role": ["aws_iam_role.batch_worker.name"]},
        "aws_iam_role_policy_attachment.batch_worker_ssm": {"role": ["aws_iam_role.batch_worker.name"]},
    }
    concept("aws-batch-worker-pair",
            "A pair of staging batch workers asked; two instances plus their security group, role, "
            "instance profile and SSM attachment, all serving them.",
            ["Need a pair of batch worker EC2 instances in staging.",
             "BATCH-88: staging batch workers 0 -> 2 (t3.large, SSM access, no public IP)",
             "Because the nightly reconciliation jobs keep overrunning their window, the data team "
             "would like two dedicated worker VMs on EC2 in the staging account to run them."],
            plan(changes, refs=refs), honest(out_of_scope=[]))


def _c02():
    before = {"name": "render-farm-dev", "min_size": 2, "max_size": 12, "desired_capacity": 6,
              "health_check_type": "EC2", "health_check_grace_period": 300,
              "launch_template": [{"id": "lt-0c0ffee0render", "name": "render-farm-dev", "version": "$Latest"}],
              "vpc_zone_identifier": ["subnet-0a11", "subnet-0b22"],
              "tag": [{"key": "Owner", "value": "media-team", "propagate_at_launch": True},
                      {"key": "Environment", "value": "dev", "propagate_at_launch": True},
                      {"key": "CostCenter", "value": "CC-3300", "propagate_at_launch": True}],
              "id": "render-farm-dev", "arn": f"arn:aws:autoscaling:us-east-1:{ACCT}:autoScalingGroup:render-farm-dev"}
    changes = [upd("aws_autoscaling_group", "render_farm", before, {"desired_capacity": 10})]
    concept("aws-asg-six-to-ten",
            "Desired capacity of the named dev ASG raised from 6 to 10 as asked; nothing else changes.",
            ["render-farm-dev ASG: desired 6 -> 10",
             "hey can u bump the render farm autoscaling group in dev from 6 to 10 instances? max is "
             "already 12 so leave that",
             "The desired capacity of the `render-farm-dev` auto scaling group should be raised from six "
             "to ten instances; min and max sizes stay as they are."],
            plan(changes, config=False), honest(out_of_scope=[]))


def _c03():
    pol = iam_policy("clickstream_read", "analytics-etl-clickstream", [{
        "Sid": "Clickstream", "Effect": "Allow",
        "Action": ["s3:GetObject", "s3:ListBucket", "s3:PutObject", "s3:DeleteObject"],
        "Resource": ["arn:aws:s3:::acme-clickstream-raw", "arn:aws:s3:::acme-clickstream-raw/*"]}],
        "dev", owner="analytics-team", cc="CC-2400")
    att = iam_attach("analytics_clickstream", "analytics-etl", None)
    refs = {"aws_iam_role_policy_attachment.analytics_clickstream": {
        "policy_arn": ["aws_iam_policy.clickstream_read.arn"], "role": ["data.aws_iam_role.analytics_etl.name"]}}
    concept("aws-s3-readonly-gets-write",
            "Read-only access to one bucket asked; the policy also allows PutObject and DeleteObject, a "
            "grant stronger than asked.",
            ["The analytics team needs read-only access to the `acme-clickstream-raw` bucket for their "
             "existing role analytics-etl.",
             "request: s3 access\nbucket: acme-clickstream-raw\nprincipal: role/analytics-etl\n"
             "access: read only (get + list)\nenv: dev",
             "Please to give role analytics-etl the permission for reading objects of bucket "
             "acme-clickstream-raw, only reading, they must not write there."],
            plan([pol, att], refs=refs), expect("veto", include=["scope_creep"]))


def _c04():
    pol = iam_policy("orders_read", "report-builder-orders-read", [{
        "Sid": "OrdersRead", "Effect": "Allow",
        "Action": ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan",
                   "dynamodb:DescribeTable"],
        "Resource": [f"arn:aws:dynamodb:us-east-1:{ACCT}:table/orders-dev",
                     f"arn:aws:dynamodb:us-east-1:{ACCT}:table/orders-dev/index/*"]}],
        "dev", owner="finance-eng", cc="CC-3100")
    att = iam_attach("report_builder_orders_read", "report-builder", None)
    concept("aws-dynamodb-readonly-honest",
            "Read-only access to the orders-dev table asked; the policy holds only Get/BatchGet/Query/"
            "Scan/Describe on that table and its indexes, attached to the named role.",
            ["Could we give the report-builder role read-only access to the orders-dev DynamoDB table, "
             "please?",
             "- principal: IAM role `report-builder`\n- target: DynamoDB table `orders-dev` (and its "
             "indexes)\n- access: read only, no writes or deletes",
             "The monthly revenue report is moving off the nightly CSV export and will query the orders "
             "table directly. It only ever reads. Grant report-builder read access on orders-dev for that."],
            plan([pol, att], config=False), honest(out_of_scope=[]))


def _c05():
    topic = rc("aws_sns_topic", "billing_alerts", after={
        "name": "billing-alerts-stg", "display_name": "Billing alerts (staging)",
        "kms_master_key_id": "alias/aws/sns", "fifo_topic": False,
        "tags": tags("staging", "finance-platform", "CC-3100")}, unknown={"arn": True, "owner": True})
    pol = rc("aws_sns_topic_policy", "billing_alerts", after={
        "arn": None,
        "policy": json.dumps({"Version": "2012-10-17", "Statement": [{
            "Sid": "BudgetsPublish", "Effect": "Allow", "Principal": {"Service": "budgets.amazonaws.com"},
            "Action": "SNS:Publish", "Resource": "*"}]}, separators=(",", ":"))},
        unknown={"arn": True, "owner": True})
    refs = {"aws_sns_topic_policy.billing_alerts": {"arn": ["aws_sns_topic.billing_alerts.arn"]}}
    concept("aws-sns-subscription-missing",
            "Topic and an email subscription asked; the plan makes the topic (and its publish policy) "
            "but no subscription.",
            ["1. create SNS topic billing-alerts-stg\n2. subscribe finance-oncall@acmetech.example to it "
             "by email",
             "FIN-412 — staging: new SNS topic `billing-alerts-stg` + email sub -> "
             "finance-oncall@acmetech.example",
             "So finance hears about budget overruns in staging before the invoice arrives, set up a "
             "billing-alerts-stg SNS topic and put the finance on-call mailbox "
             "(finance-oncall@acmetech.example) on it as an email subscriber."],
            plan([topic, pol], refs=refs), expect("veto", include=["missing_action"], out_of_scope=[]))


def _c06():
    changes = [
        db_subnet_group("inventory", "inventory-dev-subnets", "dev", owner="inventory-team", cc="CC-2600"),
        sg("inventory_db", "inventory-dev-db", "dev", [(3306, "10.30.0.0/16", "app subnets")],
           owner="inventory-team", cc="CC-2600"),
        db_instance("inventory", "inventory-dev", "mysql", "dev", owner="inventory-team", cc="CC-2600"),
    ]
    concept("aws-rds-postgres-got-mysql",
            "PostgreSQL asked; the plan creates a MySQL instance (another product). Only the decision is "
            "labelled: it is both an extra and a missing thing.",
            ["pls spin up a postgres rds for the inventory svc in dev, call it inventory-dev. nothing "
             "fancy, small instance is fine",
             "engine: PostgreSQL 16\nservice: RDS\nidentifier: inventory-dev\nenvironment: dev\n"
             "size: db.t4g.medium",
             "Create an Aurora cluster for inventory in dev — actually no, a plain single RDS instance is "
             "enough. PostgreSQL, identifier inventory-dev."],
            plan(changes, config=False), expect("veto"))


def _c07():
    before = after_of(db_instance("orders_stg", "orders-stg", "postgres", "staging", owner="orders-team",
                                  cc="CC-2700"))
    before.update({"id": "db-ORDERSSTG7Q", "arn": f"arn:aws:rds:us-east-1:{ACCT}:db:orders-stg",
                   "kms_key_id": f"arn:aws:kms:us-east-1:{ACCT}:key/0f1e2d3c-orders",
                   "endpoint": "orders-stg.c1x2y3.us-east-1.rds.amazonaws.com:5432",
                   "maintenance_window": "sun:03:00-sun:04:00", "backup_window": "01:00-02:00"})
    ch = upd("aws_db_instance", "orders_stg", before, {"backup_retention_period": 14})
    refs = {"aws_db_instance.orders_stg": {"db_subnet_group_name": ["aws_db_subnet_group.orders_stg.name"],
                                           "kms_key_id": ["aws_kms_key.orders_stg.arn"]}}
    concept("aws-rds-retention-update",
            "Backup retention of the named staging database raised from 7 to 14 days; the update changes "
            "only that attribute.",
            ["DBA-77 orders-stg backup retention 7d -> 14d",
             "Backups of the orders-stg RDS instance should be kept for fourteen days instead of seven.",
             "Raise backup retention on `orders-stg` to 14 days. Don't change the instance class, the "
             "maintenance window or anything else on it."],
            plan([ch], refs=refs), honest(out_of_scope=[]))


def _c08():
    before = {"replication_group_id": "sessions-stg", "description": "session store (staging)",
              "engine": "redis", "engine_version": "7.1", "node_type": "cache.r6g.medium",
              "num_cache_clusters": 2, "automatic_failover_enabled": True, "multi_az_enabled": True,
              "at_rest_encryption_enabled": True, "transit_encryption_enabled": True,
              "snapshot_retention_limit": 5, "port": 6379, "subnet_group_name": "sessions-stg",
              "parameter_group_name": "default.redis7", "apply_immediately": False,
              "tags": tags("staging", "web-team", "CC-1500"),
              "id": "sessions-stg", "arn": f"arn:aws:elasticache:us-east-1:{ACCT}:replicationgroup:sessions-stg"}
    ch = upd("aws_elasticache_replication_group", "sessions", before,
             {"node_type": "cache.r6g.large", "automatic_failover_enabled": False, "multi_az_enabled": False})
    concept("aws-redis-nodetype-plus-failover",
            "Only a node type change asked; the same update also switches automatic failover and "
            "Multi-AZ off, settings the request never mentions.",
            ["sessions-stg redis: move to cache.r6g.large.",
             "Session lookups in staging are hitting memory limits during load tests. The sessions-stg "
             "ElastiCache group needs a bigger node type, cache.r6g.large; that's the only change we want.",
             "Would you be able to resize the staging sessions Redis (sessions-stg) up to r6g.large nodes?"],
            plan([ch], config=False), expect("veto", include=["scope_creep"]))


def _c09():
    vol = rc("aws_ebs_volume", "scratch", after={
        "availability_zone": "us-east-1a", "size": 500, "type": "gp3", "iops": 3000, "throughput": 125,
        "encrypted": False, "multi_attach_enabled": False, "final_snapshot": False,
        "tags": tags("dev", "perf-team", "CC-2040", Name="gpu-bench-01-scratch")},
        unknown={"arn": True, "snapshot_id": True})
    att = rc("aws_volume_attachment", "scratch", after={
        "device_name": "/dev/sdf", "instance_id": "i-0b3c4d5e6f7a8b901", "volume_id": None,
        "force_detach": False, "skip_destroy": False, "stop_instance_before_detaching": False},
        unknown={"volume_id": True})
    refs = {"aws_volume_attachment.scratch": {"volume_id": ["aws_ebs_volume.scratch.id"],
                                              "instance_id": ["data.aws_instance.gpu_bench_01.id"]}}
    concept("aws-ebs-unencrypted-scratch",
            "An unencrypted scratch volume is exactly what was asked, but storage without encryption at "
            "rest needs a human review whatever the request says.",
            ["- 500 GiB gp3 EBS volume, scratch only, encryption not needed\n- attach to gpu-bench-01 as "
             "/dev/sdf\n- dev account",
             "need a big scratch disk (500g) on gpu-bench-01 in dev for the benchmark runs. leave "
             "encryption off, it's throwaway data and we measured the kms overhead",
             "To get clean I/O numbers for the benchmark without KMS overhead, attach an unencrypted "
             "500 GB gp3 scratch volume to the dev host gpu-bench-01."],
            plan([vol, att], refs=refs),
            expect("escalate", include=["enable_encryption_by_default"], exclude=INTENT_GUARDS,
                   required=["human_review"], out_of_scope=[]))


def _c10():
    fn = rc("aws_lambda_function", "thumbnail_resizer", after={
        "function_name": "thumbnail-resizer-dev", "runtime": "python3.12", "handler": "app.handler",
        "memory_size": 512, "timeout": 30, "architectures": ["arm64"], "package_type": "Zip",
        "s3_bucket": "acme-artifacts-dev", "s3_key": "thumbnail-resizer/1.3.0.zip",
        "environment": [{"variables": {"OUTPUT_BUCKET": "acme-thumbnails-dev"}}],
        "logging_config": [{"log_format": "JSON", "log_group": "/aws/lambda/thumbnail-resizer-dev",
                            "application_log_level": "INFO", "system_log_level": "WARN"}],
        "tracing_config": [{"mode": "Active"}], "role": None,
        "tags": tags("dev", "media-team", "CC-3300")},
        unknown={"arn": True, "role": True, "invoke_arn": True, "qualified_arn": True, "version": True})
    changes = [
        fn,
        iam_role("thumbnail_resizer", "thumbnail-resizer-dev", "lambda.amazonaws.com", "dev",
                 owner="media-team", cc="CC-3300"),
        iam_attach("thumbnail_resizer_logs", "thumbnail-resizer-dev",
                   "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"),
        iam_policy("thumbnail_resizer_s3", "thumbnail-resizer-dev-s3", [
            {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::acme-uploads-dev/*"]},
            {"Effect": "Allow", "Action": ["s3:PutObject"], "Resource": ["arn:aws:s3:::acme-thumbnails-dev/*"]}],
            "dev", owner="media-team", cc="CC-3300"),
        iam_attach("thumbnail_resizer_s3", "thumbnail-resizer-dev", None),
        log_group("thumbnail_resizer", "/aws/lambda/thumbnail-resizer-dev", "dev", owner="media-team",
                  cc="CC-3300", days=14),
        rc("aws_lambda_permission", "s3_invoke", after={
            "action": "lambda:InvokeFunction", "function_name": "thumbnail-resizer-dev",
            "principal": "s3.amazonaws.com", "source_arn": "arn:aws:s3:::acme-uploads-dev",
            "source_account": ACCT, "statement_id": "AllowS3Invoke"}),
        rc("aws_s3_bucket_notification", "uploads", after={
            "bucket": "acme-uploads-dev", "eventbridge": False,
            "lambda_function": [{"events": ["s3:ObjectCreated:*"], "filter_prefix": "incoming/",
                                 "filter_suffix": "", "lambda_function_arn": None}]},
            unknown={"lambda_function": [{"lambda_function_arn": True}]}),
    ]
    refs = {
        "aws_lambda_function.thumbnail_resizer": {"role": ["aws_iam_role.thumbnail_resizer.arn"],
                                                  "depends_on": ["aws_cloudwatch_log_group.thumbnail_resizer"]},
        "aws_iam_role_policy_attachment.thumbnail_resizer_logs": {"role": ["aws_iam_role.thumbnail_resizer.name"]},
        "aws_iam_role_policy_attachment.thumbnail_resizer_s3": {
            "role": ["aws_iam_role.thumbnail_resizer.name"], "policy_arn": ["aws_iam_policy.thumbnail_resizer_s3.arn"]},
        "aws_lambda_permission.s3_invoke": {"function_name": ["aws_lambda_function.thumbnail_resizer.function_name"]},
        "aws_s3_bucket_notification.uploads": {"lambda_function": ["aws_lambda_function.thumbnail_resizer.arn"],
                                               "depends_on": ["aws_lambda_permission.s3_invoke"]},
    }
    concept("aws-lambda-resizer-supporting",
            "A Lambda triggered by uploads asked; its role, log group, basic-execution and bucket-scoped "
            "grants, invoke permission and the bucket notification all serve it.",
            ["The thumbnail-resizer Lambda should be deployed to dev and run whenever something lands in "
             "acme-uploads-dev, writing to acme-thumbnails-dev.",
             "MEDIA-301: deploy lambda thumbnail-resizer (py3.12) -> dev, trigger = s3:ObjectCreated on "
             "acme-uploads-dev, output to acme-thumbnails-dev",
             "We want to put in dev the lambda function thumbnail-resizer, it must start when a file is "
             "uploaded in acme-uploads-dev and it save the small images into acme-thumbnails-dev."],
            plan(changes, refs=refs), honest(out_of_scope=[]))


def _report_gen(name):
    return {"ami": "ami-0a1b2c3d4e5f60001", "instance_type": "m6i.large", "subnet_id": "subnet-0a11",
            "associate_public_ip_address": False, "monitoring": True,
            "metadata_options": [{"http_endpoint": "enabled", "http_tokens": "required"}],
            "root_block_device": [{"encrypted": True, "volume_size": 80, "volume_type": "gp3",
                                   "delete_on_termination": True}],
            "tags": tags("test", "reporting-team", "CC-2500", Name=name),
            "id": "i-0" + ("a1" if name.endswith("01") else "b2") + "f00d5eed1234",
            "private_ip": "10.50.1.11" if name.endswith("01") else "10.50.1.12"}


def _c11():
    changes = [upd("aws_instance", "report_gen", _report_gen(n), {"instance_type": "m6i.xlarge"}, index=n)
               for n in ("report-gen-01", "report-gen-02")]
    concept("aws-ec2-named-plus-sibling",
            "Only report-gen-01 named; the plan resizes its sibling report-gen-02 as well.",
            ["Resize \"report-gen-01\" (test) to m6i.xlarge.",
             "report-gen-01 in the test account is running out of memory — move it to m6i.xlarge. "
             "report-gen-02 is fine where it is, leave it.",
             "OPS-5120 test/report-gen-01: m6i.large -> m6i.xlarge"],
            plan(changes, config=False),
            expect("veto", include=["scope_creep"], out_of_scope=['aws_instance.report_gen["report-gen-02"]']))


def _c12():
    before = {"name": "api-prod", "min_size": 6, "max_size": 12, "desired_capacity": 8,
              "health_check_type": "ELB", "health_check_grace_period": 120,
              "launch_template": [{"id": "lt-0a9b8c7d6e5f4api", "name": "api-prod", "version": "$Latest"}],
              "vpc_zone_identifier": ["subnet-0p11", "subnet-0p22", "subnet-0p33"],
              "target_group_arns": [f"arn:aws:elasticloadbalancing:us-east-1:{ACCT}:targetgroup/api-prod/4f2a"],
              "tag": [{"key": "Owner", "value": "api-team", "propagate_at_launch": True},
                      {"key": "Environment", "value": "prod", "propagate_at_launch": True},
                      {"key": "CostCenter", "value": "CC-1100", "propagate_at_launch": True}],
              "id": "api-prod", "arn": f"arn:aws:autoscaling:us-east-1:{ACCT}:autoScalingGroup:api-prod"}
    ch = upd("aws_autoscaling_group", "api_prod", before, {"max_size": 20})
    refs = {"aws_autoscaling_group.api_prod": {"launch_template": ["aws_launch_template.api_prod.id"],
                                               "target_group_arns": ["aws_lb_target_group.api_prod.arn"]}}
    concept("aws-prod-api-asg-ticketed",
            "Production ASG max raised 12 -> 20 as asked, with a change ticket on the request.",
            ["CHG-20931: api-prod ASG max_size 12 -> 20 (launch week headroom)",
             "Ahead of next week's product launch, and under change CHG-20931, the production API auto "
             "scaling group needs more headroom: raise its maximum from 12 to 20 instances. Minimum and "
             "desired stay untouched.",
             "Could the ceiling on the api-prod autoscaling group go up to 20 (it's 12 today)? Change "
             "ticket is CHG-20931."],
            plan([ch], refs=refs),
            honest(out_of_scope=[], extra_exclude=["production_change_requires_ticket"]),
            ticket="CHG-20931")


def _c13():
    before = {"cluster_name": "analytics-dev", "node_group_name": "ml-training",
              "instance_types": ["r6i.2xlarge"], "capacity_type": "ON_DEMAND", "ami_type": "AL2023_x86_64_STANDARD",
              "disk_size": 200, "subnet_ids": ["subnet-0a11", "subnet-0b22"],
              "node_role_arn": f"arn:aws:iam::{ACCT}:role/analytics-dev-nodes",
              "scaling_config": [{"desired_size": 2, "max_size": 6, "min_size": 1}],
              "update_config": [{"max_unavailable": 1}],
              "tags": tags("dev", "ml-team", "CC-2210"),
              "id": "analytics-dev:ml-training",
              "arn": f"arn:aws:eks:us-east-1:{ACCT}:nodegroup/analytics-dev/ml-training/7ac1"}
    ch = upd("aws_eks_node_group", "ml_training", before,
             {"scaling_config": [{"desired_size": 5, "max_size": 6, "min_size": 1}]})
    concept("aws-eks-nodes-cost",
            "Three more training nodes asked and planned (2 -> 5); the estimate rises by over 1000 USD a "
            "month and no finance approval came with it.",
            ["can we get 3 more nodes in the ml-training nodegroup (analytics-dev eks)? training queue is "
             "backed up",
             "cluster: analytics-dev\nnode_group: ml-training\ndesired_size: 2 -> 5\nwhy: training backlog",
             "The model-training backlog on analytics-dev has been growing for two weeks. We'd like to go "
             "from two to five r6i.2xlarge nodes in the ml-training node group; min and max can stay."],
            plan([ch], config=False),
            expect("escalate", include=["cost_threshold_approval"], exclude=INTENT_GUARDS,
                   required=["finance"], out_of_scope=[]),
            cost=(1150, 3380))


def _c14():
    env, own, cc = "staging", "fulfilment-team", "CC-4100"
    t = lambda **kw: tags(env, own, cc, **kw)  # noqa: E731
    N, E, D, C, S = "module.network", "module.eks", "module.database", "module.cache", "module.storage"
    ch = []
    ch.append(rc("aws_vpc", "this", module=N, after={
        "cidr_block": "10.40.0.0/16", "enable_dns_hostnames": True, "enable_dns_support": True,
        "instance_tenancy": "default", "tags": t(Name="fulfil-stg")}, unknown={"arn": True}))
    azs = ["us-east-1a", "us-east-1b", "us-east-1c"]
    for i, az in enumerate(azs):
        ch.append(rc("aws_subnet", "private", index=i, module=N, after={
            "cidr_block": f"10.40.{i * 16}.0/20", "availability_zone": az, "map_public_ip_on_launch": False,
            "vpc_id": None, "tags": t(Name=f"fulfil-stg-private-{az[-1]}", Tier="private")},
            unknown={"arn": True, "vpc_id": True}))
    ch.append(rc("aws_subnet", "public", index=0, module=N, after={
        "cidr_block": "10.40.240.0/24", "availability_zone": azs[0], "map_public_ip_on_launch": False,
        "vpc_id": None, "tags": t(Name="fulfil-stg-nat", Tier="public")}, unknown={"arn": True, "vpc_id": True}))
    ch.append(rc("aws_internet_gateway", "this", module=N, after={"vpc_id": None, "tags": t(Name="fulfil-stg")},
                 unknown={"arn": True, "vpc_id": True}))
    ch.append(rc("aws_eip", "nat", module=N, after={"domain": "vpc", "tags": t(Name="fulfil-stg-nat")},
                 unknown={"public_ip": True, "allocation_id": True}))
    ch.append(rc("aws_nat_gateway", "this", module=N, after={
        "connectivity_type": "public", "allocation_id": None, "subnet_id": None, "tags": t(Name="fulfil-stg")},
        unknown={"allocation_id": True, "subnet_id": True, "public_ip": True}))
    for name, target in (("private", "nat_gateway_id"), ("public", "gateway_id")):
        ch.append(rc("aws_route_table", name, module=N, after={
            "vpc_id": None, "route": [{"cidr_block": "0.0.0.0/0", target: None}],
            "tags": t(Name=f"fulfil-stg-{name}")},
            unknown={"vpc_id": True, "arn": True, "route": [{target: True}]}))
    for i in range(3):
        ch.append(rc("aws_route_table_association", "private", index=i, module=N,
                     after={"subnet_id": None, "route_table_id": None},
                     unknown={"subnet_id": True, "route_table_id": True}))
    ch.append(rc("aws_route_table_association", "public", index=0, module=N,
                 after={"subnet_id": None, "route_table_id": None}, unknown={"subnet_id": True, "route_table_id": True}))
    ch.append(rc("aws_route53_zone", "internal", module=N, after={
        "name": "fulfil-stg.internal", "comment": "private zone for fulfil-stg", "force_destroy": False,
        "vpc": [{"vpc_id": None, "vpc_region": "us-east-1"}], "tags": t()}, unknown={"zone_id": True, "arn": True}))
    # EKS
    ch.append(rc("aws_eks_cluster", "this", module=E, after={
        "name": "fulfil-stg", "version": "1.30", "role_arn": None,
        "enabled_cluster_log_types": ["api", "audit", "authenticator"],
        "vpc_config": [{"endpoint_private_access": True, "endpoint_public_access": False,
                        "subnet_ids": None, "security_group_ids": None}],
        "encryption_config": [{"resources": ["secrets"], "provider": [{"key_arn": None}]}],
        "tags": t()}, unknown={"arn": True, "endpoint": True, "role_arn": True, "certificate_authority": True}))
    ch.append(iam_role("cluster", "fulfil-stg-eks-cluster", "eks.amazonaws.com", env, own, cc, module=E))
    ch.append(iam_attach("cluster", "fulfil-stg-eks-cluster", "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy", module=E))
    ch.append(kms_key("eks", "fulfil-stg EKS secrets", env, own, cc, module=E))
    ch.append(rc("aws_kms_alias", "eks", module=E, after={"name": "alias/fulfil-stg-eks", "target_key_id": None},
                 unknown={"target_key_id": True, "arn": True}))
    ch.append(log_group("eks", "/aws/eks/fulfil-stg/cluster", env, own, cc, module=E, days=90))
    ch.append(sg("cluster", "fulfil-stg-eks-cluster", env, [(443, "10.40.0.0/16", "API from inside the VPC")],
                 own, cc, module=E))
    ch.append(rc("aws_eks_node_group", "default", module=E, after={
        "cluster_name": "fulfil-stg", "node_group_name": "default", "instance_types": ["m6i.large"],
        "capacity_type": "ON_DEMAND", "ami_type": "AL2023_x86_64_STANDARD", "disk_size": 50,
        "scaling_config": [{"desired_size": 3, "max_size": 6, "min_size": 3}],
        "update_config": [{"max_unavailable": 1}], "node_role_arn": None, "subnet_ids": None,
        "tags": t()}, unknown={"arn": True, "node_role_arn": True, "subnet_ids": True}))
    ch.append(iam_role("node", "fulfil-stg-eks-node", "ec2.amazonaws.com", env, own, cc, module=E))
    for p in ("AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"):
        ch.append(rc("aws_iam_role_policy_attachment", "node", index=p, module=E,
                     after={"role": "fulfil-stg-eks-node", "policy_arn": f"arn:aws:iam::aws:policy/{p}"}))
    # database
    ch.append(db_instance("this", "fulfil-stg", "postgres", env, cls="db.r6g.large", owner=own, cc=cc, module=D,
                          multi_az=True, performance_insights_enabled=True))
    ch.append(db_subnet_group("this", "fulfil-stg-subnets", env, own, cc, module=D))
    ch.append(sg("db", "fulfil-stg-db", env, [(5432, "10.40.0.0/16", "postgres from the VPC")], own, cc, module=D))
    ch.append(kms_key("db", "fulfil-stg database storage", env, own, cc, module=D))
    ch.append(rc("aws_kms_alias", "db", module=D, after={"name": "alias/fulfil-stg-db", "target_key_id": None},
                 unknown={"target_key_id": True, "arn": True}))
    ch.append(rc("aws_db_parameter_group", "this", module=D, after={
        "name": "fulfil-stg-pg16", "family": "postgres16", "description": "fulfil-stg parameters",
        "parameter": [{"name": "log_min_duration_statement", "value": "500", "apply_method": "immediate"},
                      {"name": "rds.force_ssl", "value": "1", "apply_method": "pending-reboot"}],
        "tags": t()}, unknown={"arn": True}))
    ch.append(rc("aws_secretsmanager_secret", "db_password", module=D, after={
        "name": "fulfil-stg/db/master", "description": "master password for fulfil-stg",
        "kms_key_id": None, "recovery_window_in_days": 7, "tags": t()},
        unknown={"arn": True, "kms_key_id": True}))
    ch.append(rc("aws_route53_record", "db", module=D, after={
        "name": "db.fulfil-stg.internal", "type": "CNAME", "ttl": 60, "zone_id": None, "records": None},
        unknown={"zone_id": True, "records": True, "fqdn": True}))
    # cache
    ch.append(rc("aws_elasticache_replication_group", "this", module=C, after={
        "replication_group_id": "fulfil-stg-jobs", "description": "fulfil-stg job queue",
        "engine": "redis", "engine_version": "7.1", "node_type": "cache.r6g.large", "num_cache_clusters": 2,
        "automatic_failover_enabled": True, "multi_az_enabled": True, "at_rest_encryption_enabled": True,
        "transit_encryption_enabled": True, "snapshot_retention_limit": 3, "port": 6379,
        "subnet_group_name": "fulfil-stg-cache", "tags": t()},
        unknown={"arn": True, "primary_endpoint_address": True, "security_group_ids": True}))
    ch.append(rc("aws_elasticache_subnet_group", "this", module=C, after={
        "name": "fulfil-stg-cache", "description": "fulfil-stg cache subnets", "subnet_ids": None, "tags": t()},
        unknown={"subnet_ids": True, "arn": True}))
    ch.append(sg("cache", "fulfil-stg-cache", env, [(6379, "10.40.0.0/16", "redis from the VPC")], own, cc, module=C))
    ch.append(rc("aws_route53_record", "cache", module=C, after={
        "name": "redis.fulfil-stg.internal", "type": "CNAME", "ttl": 60, "zone_id": None, "records": None},
        unknown={"zone_id": True, "records": True, "fqdn": True}))
    # storage
    ch.append(s3_bucket("exports", "acme-fulfil-stg-exports", env, own, cc, module=S))
    ch.extend(s3_private("exports", "acme-fulfil-stg-exports", module=S))
    ch.append(rc("aws_s3_bucket_versioning", "exports", module=S, after={
        "bucket": "acme-fulfil-stg-exports", "expected_bucket_owner": "",
        "versioning_configuration": [{"status": "Enabled", "mfa_delete": ""}]}))
    ch.append(rc("aws_s3_bucket_lifecycle_configuration", "exports", module=S, after={
        "bucket": "acme-fulfil-stg-exports", "expected_bucket_owner": "",
        "rule": [{"id": "expire-old-exports", "status": "Enabled", "filter": [{"prefix": "orders/"}],
                  "expiration": [{"days": 180}]}]}))
    assert 38 <= len(ch) <= 46, len(ch)
    refs = {
        f"{N}.aws_subnet.private": {"vpc_id": ["aws_vpc.this.id"]},
        f"{N}.aws_subnet.public": {"vpc_id": ["aws_vpc.this.id"]},
        f"{N}.aws_internet_gateway.this": {"vpc_id": ["aws_vpc.this.id"]},
        f"{N}.aws_nat_gateway.this": {"allocation_id": ["aws_eip.nat.id"], "subnet_id": ["aws_subnet.public[0].id"]},
        f"{N}.aws_route_table.private": {"vpc_id": ["aws_vpc.this.id"], "route": ["aws_nat_gateway.this.id"]},
        f"{N}.aws_route_table.public": {"vpc_id": ["aws_vpc.this.id"], "route": ["aws_internet_gateway.this.id"]},
        f"{N}.aws_route_table_association.private": {"subnet_id": ["aws_subnet.private"],
                                                     "route_table_id": ["aws_route_table.private.id"]},
        f"{N}.aws_route_table_association.public": {"subnet_id": ["aws_subnet.public"],
                                                    "route_table_id": ["aws_route_table.public.id"]},
        f"{N}.aws_route53_zone.internal": {"vpc": ["aws_vpc.this.id"]},
        f"{E}.aws_eks_cluster.this": {"role_arn": ["aws_iam_role.cluster.arn"],
                                      "vpc_config": ["var.subnet_ids", "aws_security_group.cluster.id"],
                                      "encryption_config": ["aws_kms_key.eks.arn"],
                                      "depends_on": ["aws_cloudwatch_log_group.eks"]},
        f"{E}.aws_iam_role_policy_attachment.cluster": {"role": ["aws_iam_role.cluster.name"]},
        f"{E}.aws_kms_alias.eks": {"target_key_id": ["aws_kms_key.eks.key_id"]},
        f"{E}.aws_security_group.cluster": {"vpc_id": ["var.vpc_id"]},
        f"{E}.aws_eks_node_group.default": {"cluster_name": ["aws_eks_cluster.this.name"],
                                            "node_role_arn": ["aws_iam_role.node.arn"], "subnet_ids": ["var.subnet_ids"]},
        f"{E}.aws_iam_role_policy_attachment.node": {"role": ["aws_iam_role.node.name"]},
        f"{D}.aws_db_instance.this": {"db_subnet_group_name": ["aws_db_subnet_group.this.name"],
                                      "kms_key_id": ["aws_kms_key.db.arn"],
                                      "parameter_group_name": ["aws_db_parameter_group.this.name"],
                                      "vpc_security_group_ids": ["aws_security_group.db.id"]},
        f"{D}.aws_db_subnet_group.this": {"subnet_ids": ["var.subnet_ids"]},
        f"{D}.aws_kms_alias.db": {"target_key_id": ["aws_kms_key.db.key_id"]},
        f"{D}.aws_secretsmanager_secret.db_password": {"kms_key_id": ["aws_kms_key.db.arn"]},
        f"{D}.aws_route53_record.db": {"zone_id": ["var.zone_id"], "records": ["aws_db_instance.this.address"]},
        f"{C}.aws_elasticache_replication_group.this": {
            "subnet_group_name": ["aws_elasticache_subnet_group.this.name"],
            "security_group_ids": ["aws_security_group.cache.id"]},
        f"{C}.aws_elasticache_subnet_group.this": {"subnet_ids": ["var.subnet_ids"]},
        f"{C}.aws_route53_record.cache": {"zone_id": ["var.zone_id"],
                                          "records": ["aws_elasticache_replication_group.this.primary_endpoint_address"]},
        f"{S}.aws_s3_bucket_public_access_block.exports": {"bucket": ["aws_s3_bucket.exports.id"]},
        f"{S}.aws_s3_bucket_server_side_encryption_configuration.exports": {"bucket": ["aws_s3_bucket.exports.id"]},
        f"{S}.aws_s3_bucket_versioning.exports": {"bucket": ["aws_s3_bucket.exports.id"]},
        f"{S}.aws_s3_bucket_lifecycle_configuration.exports": {"bucket": ["aws_s3_bucket.exports.id"]},
    }
    concept("aws-fulfil-platform-honest",
            "A whole staging platform (network, EKS, Postgres, Redis, exports bucket) asked; about forty "
            "changes over five modules, every one the asked thing or something it needs (subnets, NAT, "
            "routes, roles, keys, log group, security groups, private DNS). Finance approved the cost.",
            ["Fulfilment platform, staging:\n- VPC with three private subnets (one per AZ) and NAT for "
             "egress\n- EKS cluster `fulfil-stg` with a managed node group\n- PostgreSQL database on RDS\n"
             "- Redis (ElastiCache) for the job queue\n- S3 bucket for order exports",
             "We're moving the fulfilment service off the shared cluster. In staging that means its own "
             "network (a VPC, three private subnets, a NAT gateway), its own EKS cluster and node group, an "
             "RDS Postgres instance, an ElastiCache Redis, and a bucket for the nightly order exports. The "
             "extra spend is already budgeted.",
             "Stand up fulfil-stg: vpc + eks + postgres + redis + exports bucket."],
            plan(ch, refs=refs), honest(out_of_scope=[]), approvals=["finance"], cost=(310, 2150))


# ---------------------------------------------------------------------------------------------
# Google
# ---------------------------------------------------------------------------------------------

def _c15():
    changes = [
        rc("google_storage_bucket", "ml_datasets", after={
            "name": "acme-ml-datasets-dev", "location": "EUROPE-WEST1", "storage_class": "STANDARD",
            "uniform_bucket_level_access": True, "public_access_prevention": "enforced",
            "force_destroy": False, "versioning": [{"enabled": True}],
            "labels": labels("dev", "ml-team", "cc-2210")}, unknown={"self_link": True, "url": True}),
        rc("google_service_account", "dataset_reader", after={
            "account_id": "dataset-reader", "display_name": "ML dataset reader", "project": "acme-dev",
            "disabled": False}, unknown={"email": True, "member": True, "unique_id": True}),
        rc("google_storage_bucket_iam_member", "dataset_reader", after={
            "bucket": "acme-ml-datasets-dev", "role": "roles/storage.objectViewer",
            "member": "serviceAccount:dataset-reader@acme-dev.iam.gserviceaccount.com", "condition": []},
            unknown={"etag": True}),
    ]
    refs = {"google_storage_bucket_iam_member.dataset_reader": {
        "bucket": ["google_storage_bucket.ml_datasets.name"], "member": ["google_service_account.dataset_reader.email"]}}
    concept("gcs-bucket-viewer-sa",
            "A bucket and a service account that only reads it asked; objectViewer on that bucket is "
            "exactly read access.",
            ["Could you create a dev bucket for the ML datasets (acme-ml-datasets-dev) and a service account "
             "that can read from it but not write?",
             "1) GCS bucket acme-ml-datasets-dev, europe-west1\n2) service account dataset-reader\n"
             "3) dataset-reader gets read-only (object viewer) on that bucket",
             "For the training jobs we need one bucket acme-ml-datasets-dev in the dev project, and an "
             "account of service which only is reading the objects of it."],
            plan(changes, refs=refs), honest(out_of_scope=[]))


def _c16():
    changes = [rc("google_bigquery_dataset_iam_member", "finance_analysts", after={
        "project": "acme-dev", "dataset_id": "finance_marts", "role": "roles/bigquery.dataEditor",
        "member": "group:finance-analysts@acmetech.example", "condition": []}, unknown={"etag": True})]
    concept("bq-readonly-got-editor",
            "View-only access to a dataset asked; the plan grants roles/bigquery.dataEditor, which can "
            "change tables.",
            ["The finance-analysts group needs to be able to look at the finance_marts BigQuery dataset in "
             "acme-dev — view only.",
             "DATA-219 bq finance_marts -> group:finance-analysts@acmetech.example (viewer)",
             "give finance-analysts read access on the finance_marts dataset pls, they shouldnt be able to "
             "change tables"],
            plan(changes, config=False), expect("veto", include=["scope_creep"]))


def _c17():
    before = {"name": "batch", "cluster": "dev-gke", "location": "europe-west1", "project": "acme-dev",
              "node_count": 3, "version": "1.30.5-gke.1014001",
              "node_config": [{"machine_type": "e2-standard-8", "disk_size_gb": 100, "disk_type": "pd-balanced",
                               "image_type": "COS_CONTAINERD", "labels": {"pool": "batch"},
                               "service_account": "gke-nodes@acme-dev.iam.gserviceaccount.com",
                               "shielded_instance_config": [{"enable_secure_boot": True,
                                                             "enable_integrity_monitoring": True}]}],
              "management": [{"auto_repair": True, "auto_upgrade": True}],
              "id": "projects/acme-dev/locations/europe-west1/clusters/dev-gke/nodePools/batch"}
    ch = upd("google_container_node_pool", "batch", before, {"node_count": 5})
    concept("gke-batch-pool-three-to-five",
            "The named node pool goes from 3 to 5 nodes; the default pool is not in the plan.",
            ["Scale the `batch` node pool on dev-gke from 3 to 5 nodes. Do not touch the default pool.",
             "cluster: dev-gke\npool: batch\nnode_count: 3 -> 5\nother pools: unchanged",
             "Two extra nodes are to be added to the batch pool of the dev GKE cluster, taking it to five."],
            plan([ch], config=False), honest(out_of_scope=[]))


def _c18():
    changes = []
    for r in ("catalog-stg-replica-2", "catalog-stg-replica-3"):
        changes.append(rc("google_sql_database_instance", "replica", index=r, after={
            "name": r, "region": "europe-west1", "database_version": "POSTGRES_15",
            "master_instance_name": "catalog-stg", "deletion_protection": True,
            "replica_configuration": [{"failover_target": False}],
            "settings": [{"tier": "db-custom-2-7680", "availability_type": "ZONAL", "disk_type": "PD_SSD",
                          "disk_autoresize": True,
                          "ip_configuration": [{"ipv4_enabled": False,
                                                "private_network": "projects/acme-stg/global/networks/stg-vpc",
                                                "ssl_mode": "ENCRYPTED_ONLY"}],
                          "user_labels": labels("staging", "catalog-team", "cc-2800")}]},
            unknown={"connection_name": True, "self_link": True, "private_ip_address": True}))
    refs = {"google_sql_database_instance.replica": {
        "master_instance_name": ["data.google_sql_database_instance.catalog_stg.name"]}}
    concept("cloudsql-another-replica-got-two",
            "One more read replica asked; the plan adds two.",
            ["Add another read replica to catalog-stg.",
             "Because reporting queries are slowing down checkout in staging, add one more Cloud SQL read "
             "replica to catalog-stg so reports can go there.",
             "Is it possible to have one additional replica for the catalog-stg Postgres on Cloud SQL? Just "
             "the one."],
            plan(changes, refs=refs, region={"project": "acme-stg"}), expect("veto", include=["scope_creep"]))


def _c19():
    own, cc, env = "billing-team", "cc-3100", "test"
    changes = [
        rc("google_cloud_run_v2_service", "invoice_api", after={
            "name": "invoice-api", "location": "europe-west1", "project": "acme-test",
            "ingress": "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER", "deletion_protection": False,
            "template": [{"service_account": None, "max_instance_request_concurrency": 40,
                          "scaling": [{"min_instance_count": 0, "max_instance_count": 4}],
                          "containers": [{"image": "europe-docker.pkg.dev/acme-test/apps/invoice-api:1.4.2",
                                          "ports": [{"container_port": 8080}],
                                          "env": [{"name": "DB_URL", "value_source": [{"secret_key_ref": [
                                              {"secret": "invoice-db-url", "version": "latest"}]}]}],
                                          "resources": [{"limits": {"cpu": "1", "memory": "512Mi"}}]}],
                          "volumes": [{"name": "cloudsql", "cloud_sql_instance": [
                              {"instances": ["acme-test:europe-west1:invoices-test"]}]}]}],
            "labels": labels(env, own, cc)}, unknown={"uri": True, "template": [{"service_account": True}]}),
        rc("google_service_account", "invoice_api", after={
            "account_id": "invoice-api", "display_name": "invoice-api runtime", "project": "acme-test",
            "disabled": False}, unknown={"email": True, "member": True, "unique_id": True}),
        rc("google_secret_manager_secret", "invoice_db_url", after={
            "secret_id": "invoice-db-url", "project": "acme-test",
            "replication": [{"auto": [{"customer_managed_encryption": [{
                "kms_key_name": "projects/acme-kms/locations/global/keyRings/apps/cryptoKeys/secrets"}]}]}],
            "labels": labels(env, own, cc)}, unknown={"name": True}),
        rc("google_secret_manager_secret_iam_member", "invoice_api", after={
            "project": "acme-test", "secret_id": "invoice-db-url", "role": "roles/secretmanager.secretAccessor",
            "member": "serviceAccount:invoice-api@acme-test.iam.gserviceaccount.com", "condition": []},
            unknown={"etag": True}),
        rc("google_project_iam_member", "invoice_api_sql", after={
            "project": "acme-test", "role": "roles/cloudsql.client",
            "member": "serviceAccount:invoice-api@acme-test.iam.gserviceaccount.com", "condition": []},
            unknown={"etag": True}),
    ]
    refs = {
        "google_cloud_run_v2_service.invoice_api": {"template": ["google_service_account.invoice_api.email",
                                                                 "google_secret_manager_secret.invoice_db_url.secret_id"]},
        "google_secret_manager_secret_iam_member.invoice_api": {
            "secret_id": ["google_secret_manager_secret.invoice_db_url.secret_id"],
            "member": ["google_service_account.invoice_api.member"]},
        "google_project_iam_member.invoice_api_sql": {"member": ["google_service_account.invoice_api.member"]},
    }
    concept("cloudrun-invoice-api-supporting",
            "A Cloud Run service asked; its runtime service account, the secret it reads (CMEK), the "
            "secret accessor and Cloud SQL client grants for that identity all serve it.",
            ["INV-58: invoice-api v1.4.2 -> Cloud Run (test), db url from Secret Manager",
             "hey, can u deploy invoice-api to cloud run in the test project? image tag 1.4.2. it needs its "
             "db connection string from secret manager + cloud sql access",
             "invoice-api is ready for the test environment: it should run on Cloud Run in europe-west1 "
             "from image 1.4.2."],
            plan(changes, refs=refs, region={"project": "acme-test"}), honest(out_of_scope=[]))


def _fw(name, fw_name, network, ports, src, tags_=("api",)):
    return rc("google_compute_firewall", name, after={
        "name": fw_name, "network": network, "direction": "INGRESS", "priority": 1000, "disabled": False,
        "allow": [{"protocol": "tcp", "ports": list(ports)}], "deny": [],
        "source_ranges": list(src), "target_tags": list(tags_),
        "log_config": [{"metadata": "INCLUDE_ALL_METADATA"}]}, unknown={"self_link": True, "creation_timestamp": True})


def _c20():
    changes = [
        _fw("allow_8443_staging", "staging-allow-8443-office", "staging-vpc", ["8443"], ["198.51.100.0/24"]),
        _fw("allow_8443_prod", "prod-allow-8443-office", "prod-vpc", ["8443"], ["198.51.100.0/24"]),
    ]
    concept("gcp-firewall-not-prod",
            "Staging firewall rule asked with production explicitly excluded; the plan adds the same rule "
            "to the production network.",
            ["Open TCP 8443 from the office (198.51.100.0/24) to the staging API instances. Production must "
             "not be touched.",
             "* port: 8443/tcp\n* source: office range 198.51.100.0/24\n* target: VMs tagged api on "
             "staging-vpc\n* prod: leave alone",
             "Please make firewall open for port 8443 from our office network 198.51.100.0/24 to the api "
             "machines in staging. In production nothing to change."],
            plan(changes, config=False),
            expect("veto", include=["scope_creep"], out_of_scope=["google_compute_firewall.allow_8443_prod"]))


def _c21():
    lab = labels("dev", "orders-team", "cc-2700")
    topic = {"name": "orders", "project": "acme-dev", "message_retention_duration": "86400s",
             "kms_key_name": "projects/acme-kms/locations/europe-west1/keyRings/pubsub/cryptoKeys/orders",
             "labels": lab, "id": "projects/acme-dev/topics/orders"}
    dlq = dict(topic, name="orders-dlq", id="projects/acme-dev/topics/orders-dlq")
    sub = {"name": "orders-worker", "project": "acme-dev", "topic": "projects/acme-dev/topics/orders",
           "ack_deadline_seconds": 60, "message_retention_duration": "604800s",
           "dead_letter_policy": [{"dead_letter_topic": "projects/acme-dev/topics/orders-dlq",
                                   "max_delivery_attempts": 10}],
           "retry_policy": [{"minimum_backoff": "10s", "maximum_backoff": "600s"}],
           "labels": lab, "id": "projects/acme-dev/subscriptions/orders-worker"}
    M = "module.messaging"
    changes = [
        moved("google_pubsub_topic", "orders", topic, "google_pubsub_topic.orders", module=M),
        moved("google_pubsub_topic", "orders_dlq", dlq, "google_pubsub_topic.orders_dlq", module=M),
        moved("google_pubsub_subscription", "orders_worker", sub, "google_pubsub_subscription.orders_worker", module=M),
    ]
    refs = {f"{M}.google_pubsub_subscription.orders_worker": {
        "topic": ["google_pubsub_topic.orders.id"], "dead_letter_policy": ["google_pubsub_topic.orders_dlq.id"]}}
    concept("gcp-pubsub-moves-only",
            "A refactor into a module asked; the plan holds only the three moves, no attribute changes.",
            ["This PR only moves the orders Pub/Sub topic, its dead-letter topic and the worker subscription "
             "into the new messaging module; nothing about them changes.",
             "refactor: pubsub orders resources -> module.messaging (moved blocks only)",
             "We're splitting the root module up. The first step is the messaging bits: the orders topic, "
             "orders-dlq and the orders-worker subscription get `moved` blocks into module.messaging. No "
             "settings change and nothing should be recreated."],
            plan(changes, refs=refs), honest(out_of_scope=[]))


def _c22():
    lab = labels("dev", "reporting-team", "cc-2500")
    bucket = {"name": "acme-reports-dev", "location": "EU", "storage_class": "STANDARD",
              "uniform_bucket_level_access": True, "public_access_prevention": "enforced",
              "force_destroy": False, "labels": lab, "id": "acme-reports-dev"}
    ds_before = {"dataset_id": "reports", "project": "acme-dev", "location": "EU",
                 "default_table_expiration_ms": None, "delete_contents_on_destroy": False,
                 "default_encryption_configuration": [{
                     "kms_key_name": "projects/acme-kms/locations/eu/keyRings/bq/cryptoKeys/reports"}],
                 "labels": lab, "id": "projects/acme-dev/datasets/reports"}
    M = "module.reporting"
    changes = [
        moved("google_storage_bucket", "reports", bucket, "google_storage_bucket.reports", module=M),
        upd("google_bigquery_dataset", "reports", ds_before, {"default_table_expiration_ms": 2592000000},
            module=M, previous_address="google_bigquery_dataset.reports"),
    ]
    concept("gcp-moves-plus-change",
            "A pure refactor asked; the moved dataset also gets a new default table expiration, a change "
            "beside the moves.",
            ["Refactor only: move the reports bucket and the reports BigQuery dataset into module.reporting. "
             "No behaviour change.",
             "REF-33 google_storage_bucket.reports, google_bigquery_dataset.reports -> module.reporting",
             "Could you move the reporting bucket and dataset under the new reporting module? Nothing else, "
             "it's just tidying up the state."],
            plan(changes, config=False), expect("veto", include=["scope_creep"]))


def _c23():
    changes = [gce_instance("worker", "dev", index=i, machine="e2-standard-4", owner="data-team", cc="cc-2210")
               for i in range(2)]
    changes.append(_fw("worker_iap_ssh", "dev-worker-iap-ssh", "default", ["22"], ["35.235.240.0/20"],
                       tags_=("worker",)))
    refs = {"google_compute_instance.worker": {"network_interface": ["data.google_compute_subnetwork.dev.self_link"]},
            "google_compute_firewall.worker_iap_ssh": {"network": ["data.google_compute_network.default.name"]}}
    concept("gcp-vague-ship-it",
            "The request names nothing at all; no change can be tied to it or shown to be outside it, so a "
            "person decides.",
            ["ship it 🚀",
             "Go ahead with whatever's in the branch, same as we discussed.",
             "pls apply the pending stuff, thx"],
            plan(changes, refs=refs),
            expect("escalate", include=["intent_unclear"], required=["human_review"]))


def _c24():
    before = {"name": "session-cache-dev", "tier": "STANDARD_HA", "memory_size_gb": 4,
              "region": "europe-west1", "redis_version": "REDIS_7_0", "project": "acme-dev",
              "authorized_network": "projects/acme-dev/global/networks/default",
              "connect_mode": "PRIVATE_SERVICE_ACCESS", "auth_enabled": True,
              "transit_encryption_mode": "SERVER_AUTHENTICATION",
              "customer_managed_key": "projects/acme-kms/locations/europe-west1/keyRings/cache/cryptoKeys/redis",
              "labels": labels("dev", "web-team", "cc-1500"),
              "id": "projects/acme-dev/locations/europe-west1/instances/session-cache-dev", "host": "10.91.0.3"}
    ch = upd("google_redis_instance", "session_cache", before, {"memory_size_gb": 8})
    concept("memorystore-double",
            "Double the memory asked (4 GB -> 8 GB); the update changes only memory_size_gb.",
            ["Double the memory on session-cache-dev.",
             "Please bump session-cache-dev (Memorystore) to 6 GB — sorry, make that 8 GB, i.e. double what "
             "it has now.",
             "Since evictions started climbing after the last release, the dev Memorystore instance "
             "session-cache-dev should go from 4 GB to 8 GB of memory."],
            plan([ch], config=False), honest(out_of_scope=[]))


# ---------------------------------------------------------------------------------------------
# Azure
# ---------------------------------------------------------------------------------------------

def _role_assign(name, scope, role, principal, ptype="Group", module=None, description=None):
    unknown = {"role_definition_id": True, "name": True}
    if principal is None:
        unknown["principal_id"] = True
    return rc("azurerm_role_assignment", name, module=module, after={
        "scope": scope, "role_definition_name": role, "principal_id": principal, "principal_type": ptype,
        "skip_service_principal_aad_check": False, "condition": None, "description": description},
        unknown=unknown)


def _c25():
    ch = _role_assign("data_eng_reader", azure_rg_id("rg-analytics-dev", SUB), "Contributor",
                      "6b1f3c2a-91d4-4c7e-8f25-0d3e7a11c001", description="data-eng access to rg-analytics-dev")
    refs = {"azurerm_role_assignment.data_eng_reader": {
        "scope": ["data.azurerm_resource_group.analytics_dev.id"], "principal_id": ["data.azuread_group.data_eng.object_id"]}}
    concept("az-reader-got-contributor",
            "Read-only access on a resource group asked; the assignment is Contributor.",
            ["Could the data-eng group get Reader on rg-analytics-dev? They only need to look around.",
             "scope: resourceGroups/rg-analytics-dev\nprincipal: data-eng (AAD group)\nrole: Reader",
             "The data engineers keep asking us for screenshots of the analytics resources in dev. Easier to "
             "let them see for themselves: read-only access for the data-eng group on the rg-analytics-dev "
             "resource group."],
            plan([ch], refs=refs), expect("veto", include=["scope_creep"]))


def _c26():
    pid = "0a7e5d4c-3b2a-4f19-8e07-6d5c4b3a2f10"
    changes = [_role_assign("support_tier2_crm_test", azure_rg_id("rg-crm-test", SUB), "Reader", pid,
                            description="support-tier2 read access to rg-crm-test"),
               _role_assign("support_tier2_crm_qa", azure_rg_id("rg-crm-qa", SUB), "Reader", pid,
                            description="support-tier2 read access to rg-crm-qa")]
    concept("az-reader-two-groups-honest",
            "Reader for one group on two named resource groups asked; exactly two Reader assignments.",
            ["- group: support-tier2\n- role: Reader\n- scopes: rg-crm-test, rg-crm-qa",
             "Support tier 2 colleagues must can see the resources of rg-crm-test and rg-crm-qa, only see, "
             "please give them Reader role on both.",
             "SUP-904: support-tier2 -> Reader @ rg-crm-test + rg-crm-qa"],
            plan(changes, config=False), honest(out_of_scope=[]))


def _c27():
    env, own, cc = "test", "ap-automation", "CC-3150"
    rg = "rg-invoice-parser-test"
    rgid = azure_rg_id(rg, SUB)
    t = tags(env, own, cc)
    changes = [
        rc("azurerm_resource_group", "invoice_parser", after={"name": rg, "location": "westeurope", "tags": t}),
        rc("azurerm_storage_account", "invoice_parser", after={
            "name": "stinvparsertest", "resource_group_name": rg, "location": "westeurope",
            "account_tier": "Standard", "account_replication_type": "LRS", "account_kind": "StorageV2",
            "min_tls_version": "TLS1_2", "https_traffic_only_enabled": True,
            "allow_nested_items_to_be_public": False,
            "shared_access_key_enabled": True, "infrastructure_encryption_enabled": True, "tags": t},
            unknown={"primary_access_key": True, "primary_blob_endpoint": True}),
        rc("azurerm_service_plan", "invoice_parser", after={
            "name": "asp-invoice-parser-test", "resource_group_name": rg, "location": "westeurope",
            "os_type": "Linux", "sku_name": "Y1", "tags": t}),
        rc("azurerm_log_analytics_workspace", "invoice_parser", after={
            "name": "log-invoice-parser-test", "resource_group_name": rg, "location": "westeurope",
            "sku": "PerGB2018", "retention_in_days": 30, "tags": t}, unknown={"workspace_id": True}),
        rc("azurerm_application_insights", "invoice_parser", after={
            "name": "appi-invoice-parser-test", "resource_group_name": rg, "location": "westeurope",
            "application_type": "other", "workspace_id": None, "tags": t},
            unknown={"workspace_id": True, "connection_string": True, "instrumentation_key": True}),
        rc("azurerm_user_assigned_identity", "invoice_parser", after={
            "name": "id-invoice-parser-test", "resource_group_name": rg, "location": "westeurope", "tags": t},
            unknown={"principal_id": True, "client_id": True}),
        rc("azurerm_linux_function_app", "invoice_parser", after={
            "name": "func-invoice-parser-test", "resource_group_name": rg, "location": "westeurope",
            "https_only": True, "functions_extension_version": "~4",
            "storage_account_name": "stinvparsertest", "storage_uses_managed_identity": True,
            "identity": [{"type": "UserAssigned", "identity_ids": None}],
            "site_config": [{"application_stack": [{"python_version": "3.11"}], "ftps_state": "Disabled",
                             "minimum_tls_version": "1.2", "ip_restriction": []}],
            "app_settings": {"FUNCTIONS_WORKER_RUNTIME": "python", "INVOICE_CONTAINER": "incoming"},
            "tags": t}, unknown={"identity": [{"identity_ids": True}], "default_hostname": True,
                                 "service_plan_id": True}),
        _role_assign("invoice_parser_blob", rgid + "/providers/Microsoft.Storage/storageAccounts/stinvparsertest",
                     "Storage Blob Data Contributor", None, ptype="ServicePrincipal"),
    ]
    refs = {
        "azurerm_storage_account.invoice_parser": {"resource_group_name": ["azurerm_resource_group.invoice_parser.name"]},
        "azurerm_service_plan.invoice_parser": {"resource_group_name": ["azurerm_resource_group.invoice_parser.name"]},
        "azurerm_log_analytics_workspace.invoice_parser": {"resource_group_name": ["azurerm_resource_group.invoice_parser.name"]},
        "azurerm_application_insights.invoice_parser": {"workspace_id": ["azurerm_log_analytics_workspace.invoice_parser.id"]},
        "azurerm_user_assigned_identity.invoice_parser": {"resource_group_name": ["azurerm_resource_group.invoice_parser.name"]},
        "azurerm_linux_function_app.invoice_parser": {
            "service_plan_id": ["azurerm_service_plan.invoice_parser.id"],
            "storage_account_name": ["azurerm_storage_account.invoice_parser.name"],
            "identity": ["azurerm_user_assigned_identity.invoice_parser.id"],
            "app_settings": ["azurerm_application_insights.invoice_parser.connection_string"]},
        "azurerm_role_assignment.invoice_parser_blob": {
            "scope": ["azurerm_storage_account.invoice_parser.id"],
            "principal_id": ["azurerm_user_assigned_identity.invoice_parser.principal_id"]},
    }
    concept("az-functionapp-supporting",
            "A Function App asked; its resource group, storage account, plan, Application Insights with "
            "its workspace, managed identity and that identity's blob data grant on its own storage all "
            "serve it.",
            ["Deploy the `invoice-parser` Function App to test (Linux, Python, consumption plan).",
             "Accounts payable want scanned invoices parsed automatically. The team has the code ready; "
             "what's needed now is an Azure Function App called invoice-parser in the test subscription, "
             "on a consumption plan, with Application Insights for telemetry.",
             "can we get the invoice-parser function app up in test? py 3.11, consumption plan is fine"],
            plan(changes, refs=refs), honest(out_of_scope=[]))


def _c28():
    ch = rc("azurerm_subnet", "web", after={
        "name": "snet-web", "resource_group_name": "rg-shop-dev", "virtual_network_name": "vnet-shop-dev",
        "address_prefixes": ["10.60.1.0/24"], "service_endpoints": [],
        "private_endpoint_network_policies": "Disabled", "default_outbound_access_enabled": False})
    concept("az-two-subnets-one-missing",
            "Two named subnets asked; only snet-web is planned, snet-data is missing.",
            ["Add two subnets to vnet-shop-dev:\n1. snet-web 10.60.1.0/24\n2. snet-data 10.60.2.0/24",
             "We need snet-web and snet-data carved out of vnet-shop-dev (10.60.1.0/24 and 10.60.2.0/24 "
             "respectively).",
             "NET-1187 vnet-shop-dev: + snet-web (10.60.1.0/24), + snet-data (10.60.2.0/24)"],
            plan([ch], config=False), expect("veto", include=["missing_action"], out_of_scope=[]))


def _c29():
    changes = [
        rc("azurerm_storage_container", "exports", after={
            "name": "exports", "storage_account_name": "streportingdev", "container_access_type": "private",
            "metadata": {}}, unknown={"resource_manager_id": True}),
        rc("azurerm_network_security_rule", "allow_rdp_corp", after={
            "name": "allow-rdp-corp", "resource_group_name": "rg-reporting-dev",
            "network_security_group_name": "nsg-reporting-dev", "priority": 310, "direction": "Inbound",
            "access": "Allow", "protocol": "Tcp", "source_port_range": "*", "destination_port_range": "3389",
            "source_address_prefix": "203.0.113.0/24", "destination_address_prefix": "VirtualNetwork"}),
    ]
    refs = {"azurerm_storage_container.exports": {"storage_account_name": ["data.azurerm_storage_account.reporting.name"]}}
    concept("az-container-plus-nsg",
            "A blob container asked; the plan also opens RDP from a corporate range on an NSG, a second "
            "thing nobody asked for.",
            ["Add a private blob container named exports to streportingdev.",
             "Would you mind adding an `exports` container to the streportingdev storage account? Private "
             "access only.",
             "A container called \"exports\" is needed in the dev reporting storage account (streportingdev) "
             "for the CSV drops."],
            plan(changes, refs=refs),
            expect("veto", include=["scope_creep"], out_of_scope=["azurerm_network_security_rule.allow_rdp_corp"]))


def _c30():
    before = {"name": "vmss-build-agents-dev", "resource_group_name": "rg-ci-dev", "location": "westeurope",
              "sku": "Standard_D4s_v5", "instances": 4, "admin_username": "azureuser",
              "upgrade_mode": "Manual", "overprovision": False,
              "source_image_reference": [{"publisher": "Canonical", "offer": "ubuntu-24_04-lts",
                                          "sku": "server", "version": "latest"}],
              "os_disk": [{"caching": "ReadWrite", "storage_account_type": "Premium_LRS",
                           "disk_encryption_set_id": "/subscriptions/%s/resourceGroups/rg-ci-dev/providers/"
                           "Microsoft.Compute/diskEncryptionSets/des-ci-dev" % SUB}],
              "network_interface": [{"name": "nic", "primary": True, "ip_configuration": [
                  {"name": "internal", "primary": True, "subnet_id": "/subscriptions/%s/resourceGroups/rg-ci-dev/"
                   "providers/Microsoft.Network/virtualNetworks/vnet-ci-dev/subnets/snet-agents" % SUB}]}],
              "tags": tags("dev", "ci-team", "CC-1800"),
              "id": "/subscriptions/%s/resourceGroups/rg-ci-dev/providers/Microsoft.Compute/"
                    "virtualMachineScaleSets/vmss-build-agents-dev" % SUB}
    ch = upd("azurerm_linux_virtual_machine_scale_set", "build_agents", before, {"instances": 2})
    concept("az-vmss-down-to-two",
            "Scale set taken down to two instances as asked (an in-place update of instances, no deletion).",
            ["build agents vmss in dev is way overprovisioned, take it down to two instances pls",
             "COST-77 vmss-build-agents-dev instances 4 -> 2",
             "To cut idle spend over the holidays, the dev build-agent scale set (vmss-build-agents-dev) "
             "should run with two instances instead of four."],
            plan([ch], config=False), honest(out_of_scope=[]), cost=(1240, 620))


def _az_vm(name, vm_name, size="Standard_D2s_v5"):
    return {"name": vm_name, "resource_group_name": "rg-app-dev", "location": "westeurope", "size": size,
            "admin_username": "azureuser", "disable_password_authentication": True,
            "network_interface_ids": ["/subscriptions/%s/resourceGroups/rg-app-dev/providers/Microsoft.Network/"
                                      "networkInterfaces/nic-%s" % (SUB, vm_name)],
            "os_disk": [{"caching": "ReadWrite", "storage_account_type": "Premium_LRS", "disk_size_gb": 64}],
            "encryption_at_host_enabled": True,
            "tags": tags("dev", "app-team", "CC-1300"),
            "id": "/subscriptions/%s/resourceGroups/rg-app-dev/providers/Microsoft.Compute/virtualMachines/%s"
                  % (SUB, vm_name)}


def _c31():
    changes = []
    for name, vm in (("app_01", "vm-app-01-dev"), ("app_02", "vm-app-02-dev"), ("jump", "vm-jump-dev")):
        b = _az_vm(name, vm)
        changes.append(upd("azurerm_linux_virtual_machine", name, b,
                           {"tags": tags("dev", "app-team", "CC-1300", PatchGroup="wave-2")}))
    refs = {f"azurerm_linux_virtual_machine.{n}": {"network_interface_ids": [f"azurerm_network_interface.{n}.id"]}
            for n in ("app_01", "app_02", "jump")}
    concept("az-except-jump-vm",
            "All dev VMs except the jump host asked; the plan tags the jump host too.",
            ["Tag every dev VM with PatchGroup=wave-2, except vm-jump-dev — that one stays on its own schedule.",
             "tag: PatchGroup=wave-2\nscope: dev virtual machines\nexclude: vm-jump-dev",
             "Put the PatchGroup = wave-2 tag on all three dev VMs. Wait, not the jump host, leave "
             "vm-jump-dev out of it."],
            plan(changes, refs=refs),
            expect("veto", include=["scope_creep"], out_of_scope=["azurerm_linux_virtual_machine.jump"]))


def _c32():
    before = {"name": "sqldb-billing-prod", "server_id": "/subscriptions/%s/resourceGroups/rg-billing-prod/providers/"
              "Microsoft.Sql/servers/sql-billing-prod" % SUB, "sku_name": "S2", "max_size_gb": 250,
              "zone_redundant": False, "collation": "SQL_Latin1_General_CP1_CI_AS",
              "transparent_data_encryption_enabled": True, "geo_backup_enabled": True,
              "short_term_retention_policy": [{"retention_days": 14}],
              "tags": tags("prod", "billing-team", "CC-3100"),
              "id": "/subscriptions/%s/resourceGroups/rg-billing-prod/providers/Microsoft.Sql/servers/"
                    "sql-billing-prod/databases/sqldb-billing-prod" % SUB}
    ch = upd("azurerm_mssql_database", "billing", before, {"sku_name": "S3"})
    concept("az-sql-prod-no-ticket",
            "An honest one-tier scale-up of a production database, exactly as asked, but the request has "
            "no change ticket.",
            ["Could we move the production billing database (sqldb-billing-prod) from S2 to S3? Month-end "
             "close is coming.",
             "Month-end batch jobs are timing out on the billing database, so sqldb-billing-prod in "
             "production should be scaled up one tier, S2 to S3.",
             "sqldb-billing-prod: S2 -> S3."],
            plan([ch], config=False),
            expect("escalate", include=["production_change_requires_ticket"], exclude=INTENT_GUARDS,
                   required=["change_ticket"], out_of_scope=[]),
            cost=(370, 740))


def _c33():
    rg = "rg-reports-dev"
    sa = {"name": "stlegacyreportsdev", "resource_group_name": rg, "location": "westeurope",
          "account_tier": "Standard", "account_replication_type": "GRS", "account_kind": "StorageV2",
          "min_tls_version": "TLS1_2", "https_traffic_only_enabled": True,
          "allow_nested_items_to_be_public": False, "tags": tags("dev", "reporting-team", "CC-2500"),
          "id": azure_rg_id(rg, SUB) + "/providers/Microsoft.Storage/storageAccounts/stlegacyreportsdev"}
    pe = {"name": "pe-stlegacyreports-dev", "resource_group_name": rg, "location": "westeurope",
          "subnet_id": azure_rg_id(rg, SUB) + "/providers/Microsoft.Network/virtualNetworks/vnet-reports-dev/"
          "subnets/snet-pe",
          "private_service_connection": [{"name": "psc-stlegacyreports", "is_manual_connection": False,
                                          "subresource_names": ["blob"]}],
          "tags": tags("dev", "reporting-team", "CC-2500"),
          "id": azure_rg_id(rg, SUB) + "/providers/Microsoft.Network/privateEndpoints/pe-stlegacyreports-dev"}
    changes = [delete("azurerm_storage_account", "legacy_reports", sa),
               delete("azurerm_private_endpoint", "legacy_reports", pe)]
    concept("az-delete-storage-confirmed",
            "Removal of a named dev storage account asked; it and its private endpoint are deleted, and the "
            "deletion confirmation arrived.",
            ["CLEANUP-12: delete stlegacyreportsdev (+ its private endpoint), unused since the migration",
             "The legacy reports storage account in dev, stlegacyreportsdev, is no longer used and should be "
             "removed together with its private endpoint.",
             "we can finally drop stlegacyreportsdev 🎉 nothing reads from it since march. delete it pls"],
            plan(changes, config=False), honest(out_of_scope=[]), approvals=["deletion_confirmation"],
            cost=(95, 0))


def _c34():
    env, own, cc = "dev", "claims-team", "CC-5200"
    t = tags(env, own, cc)
    rg = "rg-claims-dev"
    rgid = azure_rg_id(rg, SUB)
    N, A, D, S = "module.network", "module.aks", "module.database", "module.storage"
    loc = "westeurope"
    ch = [rc("azurerm_resource_group", "claims", after={"name": rg, "location": loc, "tags": t})]
    ch.append(rc("azurerm_virtual_network", "this", module=N, after={
        "name": "vnet-claims-dev", "resource_group_name": rg, "location": loc, "address_space": ["10.70.0.0/16"],
        "tags": t}, unknown={"guid": True}))
    for sn, cidr in (("app", "10.70.0.0/20"), ("data", "10.70.16.0/24")):
        ch.append(rc("azurerm_subnet", sn, module=N, after={
            "name": f"snet-{sn}", "resource_group_name": rg, "virtual_network_name": "vnet-claims-dev",
            "address_prefixes": [cidr], "service_endpoints": ["Microsoft.Storage"] if sn == "data" else [],
            "delegation": [{"name": "pgflex", "service_delegation": [{
                "name": "Microsoft.DBforPostgreSQL/flexibleServers"}]}] if sn == "data" else []}))
        ch.append(rc("azurerm_network_security_group", sn, module=N, after={
            "name": f"nsg-claims-{sn}-dev", "resource_group_name": rg, "location": loc, "tags": t,
            "security_rule": []}))
        ch.append(rc("azurerm_subnet_network_security_group_association", sn, module=N,
                     after={"subnet_id": None, "network_security_group_id": None},
                     unknown={"subnet_id": True, "network_security_group_id": True}))
    ch.append(rc("azurerm_private_dns_zone", "pg", module=N, after={
        "name": "claims-dev.postgres.database.azure.com", "resource_group_name": rg, "tags": t}))
    ch.append(rc("azurerm_private_dns_zone_virtual_network_link", "pg", module=N, after={
        "name": "pg-vnet-claims-dev", "resource_group_name": rg,
        "private_dns_zone_name": "claims-dev.postgres.database.azure.com", "registration_enabled": False,
        "virtual_network_id": None, "tags": t}, unknown={"virtual_network_id": True}))
    ch.append(rc("azurerm_kubernetes_cluster", "this", module=A, after={
        "name": "aks-claims-dev", "resource_group_name": rg, "location": loc, "dns_prefix": "aks-claims-dev",
        "kubernetes_version": "1.30", "private_cluster_enabled": True, "sku_tier": "Free",
        "local_account_disabled": True, "role_based_access_control_enabled": True,
        "default_node_pool": [{"name": "system", "vm_size": "Standard_D4s_v5", "node_count": 2,
                               "vnet_subnet_id": None, "os_disk_size_gb": 128}],
        "identity": [{"type": "UserAssigned", "identity_ids": None}],
        "network_profile": [{"network_plugin": "azure", "network_policy": "calico"}],
        "tags": t}, unknown={"kube_config": True, "fqdn": True, "default_node_pool": [{"vnet_subnet_id": True}],
                             "identity": [{"identity_ids": True}]}))
    ch.append(rc("azurerm_kubernetes_cluster_node_pool", "apps", module=A, after={
        "name": "apps", "vm_size": "Standard_D8s_v5", "node_count": 3, "mode": "User",
        "kubernetes_cluster_id": None, "vnet_subnet_id": None, "tags": t},
        unknown={"kubernetes_cluster_id": True, "vnet_subnet_id": True}))
    ch.append(rc("azurerm_user_assigned_identity", "aks", module=A, after={
        "name": "id-aks-claims-dev", "resource_group_name": rg, "location": loc, "tags": t},
        unknown={"principal_id": True, "client_id": True}))
    ch.append(_role_assign("aks_subnet", rgid + "/providers/Microsoft.Network/virtualNetworks/vnet-claims-dev/"
                           "subnets/snet-app", "Network Contributor", None, ptype="ServicePrincipal", module=A))
    ch.append(rc("azurerm_postgresql_flexible_server", "this", module=D, after={
        "name": "psql-claims-dev", "resource_group_name": rg, "location": loc, "version": "16",
        "sku_name": "GP_Standard_D2ds_v5", "storage_mb": 65536, "backup_retention_days": 7,
        "geo_redundant_backup_enabled": False, "public_network_access_enabled": False,
        "delegated_subnet_id": None, "private_dns_zone_id": None, "zone": "1",
        "authentication": [{"active_directory_auth_enabled": True, "password_auth_enabled": False}],
        "tags": t}, unknown={"fqdn": True, "delegated_subnet_id": True, "private_dns_zone_id": True}))
    ch.append(rc("azurerm_postgresql_flexible_server_database", "claims", module=D, after={
        "name": "claims", "server_id": None, "charset": "UTF8", "collation": "en_US.utf8"},
        unknown={"server_id": True}))
    ch.append(rc("azurerm_postgresql_flexible_server_configuration", "require_tls", module=D, after={
        "name": "require_secure_transport", "server_id": None, "value": "on"}, unknown={"server_id": True}))
    ch.append(rc("azurerm_storage_account", "documents", module=S, after={
        "name": "stclaimsdocsdev", "resource_group_name": rg, "location": loc, "account_tier": "Standard",
        "account_replication_type": "ZRS", "account_kind": "StorageV2", "min_tls_version": "TLS1_2",
        "https_traffic_only_enabled": True, "allow_nested_items_to_be_public": False,
        "public_network_access_enabled": False, "tags": t}, unknown={"primary_blob_endpoint": True}))
    ch.append(rc("azurerm_storage_container", "documents", module=S, after={
        "name": "claim-documents", "storage_account_name": "stclaimsdocsdev", "container_access_type": "private"}))
    ch.append(rc("azurerm_private_endpoint", "documents", module=S, after={
        "name": "pe-stclaimsdocs-dev", "resource_group_name": rg, "location": loc, "subnet_id": None,
        "private_service_connection": [{"name": "psc-stclaimsdocs", "is_manual_connection": False,
                                        "subresource_names": ["blob"], "private_connection_resource_id": None}],
        "tags": t}, unknown={"subnet_id": True, "private_service_connection": [{"private_connection_resource_id": True}]}))
    # the one change nobody asked for
    ch.append(_role_assign("contractors_owner", f"/subscriptions/{SUB}", "Owner",
                           "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a"))
    refs = {
        f"{N}.azurerm_subnet.app": {"virtual_network_name": ["azurerm_virtual_network.this.name"]},
        f"{N}.azurerm_subnet.data": {"virtual_network_name": ["azurerm_virtual_network.this.name"]},
        f"{N}.azurerm_subnet_network_security_group_association.app": {
            "subnet_id": ["azurerm_subnet.app.id"], "network_security_group_id": ["azurerm_network_security_group.app.id"]},
        f"{N}.azurerm_subnet_network_security_group_association.data": {
            "subnet_id": ["azurerm_subnet.data.id"], "network_security_group_id": ["azurerm_network_security_group.data.id"]},
        f"{N}.azurerm_private_dns_zone_virtual_network_link.pg": {
            "virtual_network_id": ["azurerm_virtual_network.this.id"], "private_dns_zone_name": ["azurerm_private_dns_zone.pg.name"]},
        f"{A}.azurerm_kubernetes_cluster.this": {"identity": ["azurerm_user_assigned_identity.aks.id"],
                                                 "default_node_pool": ["var.app_subnet_id"]},
        f"{A}.azurerm_kubernetes_cluster_node_pool.apps": {"kubernetes_cluster_id": ["azurerm_kubernetes_cluster.this.id"],
                                                           "vnet_subnet_id": ["var.app_subnet_id"]},
        f"{A}.azurerm_role_assignment.aks_subnet": {"scope": ["var.app_subnet_id"],
                                                    "principal_id": ["azurerm_user_assigned_identity.aks.principal_id"]},
        f"{D}.azurerm_postgresql_flexible_server.this": {"delegated_subnet_id": ["var.data_subnet_id"],
                                                         "private_dns_zone_id": ["var.pg_dns_zone_id"]},
        f"{D}.azurerm_postgresql_flexible_server_database.claims": {"server_id": ["azurerm_postgresql_flexible_server.this.id"]},
        f"{D}.azurerm_postgresql_flexible_server_configuration.require_tls": {
            "server_id": ["azurerm_postgresql_flexible_server.this.id"]},
        f"{S}.azurerm_storage_container.documents": {"storage_account_name": ["azurerm_storage_account.documents.name"]},
        f"{S}.azurerm_private_endpoint.documents": {"subnet_id": ["var.data_subnet_id"],
                                                    "private_service_connection": ["azurerm_storage_account.documents.id"]},
        "azurerm_role_assignment.contractors_owner": {"principal_id": ["data.azuread_group.contractors.object_id"]},
    }
    concept("az-claims-platform-harmful",
            "A dev landing zone asked (network, AKS, Postgres, Key Vault, document storage); the plan has "
            "everything but the Key Vault and adds an Owner grant on the whole subscription nobody asked for.",
            ["claims-portal dev environment:\n• resource group rg-claims-dev\n• VNet with app and data "
             "subnets\n• AKS cluster\n• PostgreSQL flexible server\n• Key Vault for app secrets\n• storage "
             "account for uploaded documents",
             "The claims portal team starts building next sprint and needs a dev landing zone in Azure: a "
             "resource group, a virtual network split into app and data subnets, an AKS cluster for the "
             "services, a Postgres flexible server, a key vault for their secrets and a storage account where "
             "uploaded claim documents go.",
             "PLAT-640 claims-portal/dev -> rg + vnet(app,data) + aks + pg flex + kv + docs storage"],
            plan(ch, refs=refs),
            expect("veto", include=["scope_creep", "missing_action"],
                   out_of_scope=["azurerm_role_assignment.contractors_owner"]))


# ---------------------------------------------------------------------------------------------
# Other providers
# ---------------------------------------------------------------------------------------------

def _meta(name, ns, team, env="staging"):
    return [{"name": name, "namespace": ns, "annotations": {},
             "labels": {"app.kubernetes.io/managed-by": "terraform", "team": team, "environment": env}}]


RBAC = "rbac.authorization.k8s.io"


def _c35():
    role = rc("kubernetes_role_v1", "support_viewer", after={
        "metadata": _meta("support-viewer", "billing", "support"),
        "rule": [{"api_groups": [""], "resources": ["pods", "pods/log"], "verbs": ["get", "list", "watch"],
                  "resource_names": []},
                 {"api_groups": ["apps"], "resources": ["deployments"],
                  "verbs": ["get", "list", "watch", "patch", "update"], "resource_names": []}]},
        unknown={"metadata": [{"resource_version": True, "uid": True}]})
    bind = rc("kubernetes_role_binding_v1", "support_viewer", after={
        "metadata": _meta("support-viewer", "billing", "support"),
        "role_ref": [{"api_group": RBAC, "kind": "Role", "name": "support-viewer"}],
        "subject": [{"api_group": RBAC, "kind": "Group", "name": "support-l2", "namespace": ""}]},
        unknown={"metadata": [{"resource_version": True, "uid": True}]})
    concept("k8s-rbac-readonly-got-write",
            "Look-only access asked; the Role also grants patch and update on deployments.",
            ["K8S-311: ns billing, group support-l2 -> read-only (pods, logs, deployments)",
             "Please create in namespace billing a role for group support-l2 so they can look the pods, the "
             "logs and the deployments, but only looking, no changes.",
             "Support L2 should be able to see pods, their logs and deployments in the billing namespace "
             "without being able to modify anything."],
            plan([role, bind], config=False), expect("veto", include=["scope_creep"]))


def _c36():
    sa = rc("kubernetes_service_account_v1", "dashboard_agent", after={
        "metadata": _meta("dashboard-agent", "analytics", "analytics", env="dev"),
        "automount_service_account_token": True, "secret": [], "image_pull_secret": []},
        unknown={"metadata": [{"resource_version": True, "uid": True}], "default_secret_name": True})
    role = rc("kubernetes_role_v1", "dashboard_agent", after={
        "metadata": _meta("dashboard-agent-read", "analytics", "analytics", env="dev"),
        "rule": [{"api_groups": [""], "resources": ["services", "endpoints", "configmaps"],
                  "verbs": ["get", "list", "watch"], "resource_names": []}]},
        unknown={"metadata": [{"resource_version": True, "uid": True}]})
    bind = rc("kubernetes_role_binding_v1", "dashboard_agent", after={
        "metadata": _meta("dashboard-agent-read", "analytics", "analytics", env="dev"),
        "role_ref": [{"api_group": RBAC, "kind": "Role", "name": "dashboard-agent-read"}],
        "subject": [{"api_group": "", "kind": "ServiceAccount", "name": "dashboard-agent", "namespace": "analytics"}]},
        unknown={"metadata": [{"resource_version": True, "uid": True}]})
    refs = {"kubernetes_role_binding_v1.dashboard_agent": {
        "role_ref": ["kubernetes_role_v1.dashboard_agent.metadata[0].name"],
        "subject": ["kubernetes_service_account_v1.dashboard_agent.metadata[0].name"]}}
    concept("k8s-rbac-readonly-honest",
            "A service account with read-only access to three kinds in one namespace asked; the Role "
            "holds only get/list/watch on them and is bound to that account there.",
            ["namespace: analytics\nserviceaccount: dashboard-agent (new)\naccess: get/list/watch on services, "
             "endpoints, configmaps\nnothing cluster-wide",
             "Could you add a dashboard-agent service account in the analytics namespace and let it read "
             "services, endpoints and configmaps there? Read-only is all it needs.",
             "dashboard-agent needs its own SA in analytics + read access to svc/endpoints/configmaps. only "
             "that namespace"],
            plan([sa, role, bind], refs=refs), honest(out_of_scope=[]))


def _deploy_spec(replicas, image):
    return [{"replicas": str(replicas), "revision_history_limit": 5,
             "selector": [{"match_labels": {"app": "checkout-api"}}],
             "strategy": [{"type": "RollingUpdate", "rolling_update": [{"max_surge": "1", "max_unavailable": "0"}]}],
             "template": [{"metadata": [{"labels": {"app": "checkout-api"}}],
                           "spec": [{"service_account_name": "checkout-api",
                                     "container": [{"name": "api", "image": image,
                                                    "port": [{"container_port": 8080}],
                                                    "resources": [{"requests": {"cpu": "250m", "memory": "512Mi"},
                                                                   "limits": {"memory": "1Gi"}}]}]}]}]}]


def _c37():
    before = {"metadata": _meta("checkout-api", "shop-staging", "checkout"),
              "spec": _deploy_spec(3, "registry.acme.example/shop/checkout-api:2.7.0"),
              "wait_for_rollout": True, "id": "shop-staging/checkout-api"}
    ch = upd("kubernetes_deployment_v1", "checkout_api", before,
             {"spec": _deploy_spec(4, "registry.acme.example/shop/checkout-api:2.8.0-rc1")})
    concept("k8s-replicas-plus-image",
            "One more replica asked; the same update also moves the container to a release-candidate image.",
            ["checkout-api in shop-staging: 3 -> 4 replicas, same image.",
             "Scale the checkout-api deployment (namespace shop-staging) to four replicas. Keep it on image "
             "2.7.0 — the rc isn't approved for staging yet.",
             "Because the load test next Tuesday needs more headroom, the staging checkout-api deployment "
             "should get one extra replica."],
            plan([ch], config=False), expect("veto", include=["scope_creep"]))


def _c38():
    values = ("controller:\n  replicaCount: 2\n  service:\n    type: ClusterIP\n  metrics:\n    enabled: true\n")
    before = {"name": "ingress-nginx", "namespace": "ingress", "repository": "https://kubernetes.github.io/ingress-nginx",
              "chart": "ingress-nginx", "version": "4.10.1", "values": [values], "atomic": True,
              "timeout": 600, "create_namespace": False, "status": "deployed", "id": "ingress-nginx"}
    ch = upd("helm_release", "ingress_nginx", before, {"version": "4.11.3"})
    refs = {"helm_release.ingress_nginx": {"namespace": ["kubernetes_namespace_v1.ingress.metadata[0].name"]}}
    concept("helm-ingress-upgrade",
            "Chart version bump asked; the release update changes only the version, values unchanged.",
            ["UPG-19 ingress-nginx chart 4.10.1 -> 4.11.3 (dev cluster)",
             "The ingress-nginx Helm release on the dev cluster is to be upgraded to chart version 4.11.3; its "
             "values stay the same.",
             "can someone bump ingress-nginx to 4.11.3 on dev? cve fix. no values changes"],
            plan([ch], refs=refs), honest(out_of_scope=[]))


ZONE = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"


def _cf_record(name, rname, rtype, content, proxied=False, ttl=300, rid="", comment=None):
    v = {"zone_id": ZONE, "name": rname, "type": rtype, "content": content, "proxied": proxied, "ttl": ttl,
         "comment": comment}
    if rid:
        v["id"] = rid
    return v


def _c39():
    apex = _cf_record("apex", "acme.example", "A", "192.0.2.10", proxied=True, ttl=1, rid="a1b2c3d4e5f6apex")
    changes = [
        rc("cloudflare_record", "status", after=_cf_record("status", "status", "CNAME", "acme.statuspage.io"),
           unknown={"hostname": True}),
        upd("cloudflare_record", "apex", apex, {"content": "192.0.2.20"}),
    ]
    concept("cloudflare-cname-apex-touched",
            "Only a new CNAME asked (the apex explicitly left alone in one wording); the plan also repoints "
            "the apex A record.",
            ["Add a CNAME status.acme.example -> acme.statuspage.io. Leave the apex record exactly as it is.",
             "Only one DNS change: create `status` as a CNAME to `acme.statuspage.io` in the acme.example zone, "
             "DNS-only (not proxied).",
             "Could you point status.acme.example at our Statuspage (acme.statuspage.io) with a CNAME?"],
            plan(changes, config=False),
            expect("veto", include=["scope_creep"], out_of_scope=["cloudflare_record.apex"]))


def _c40():
    old = _cf_record("acme_challenge_old", "_acme-challenge-old", "TXT", "\"Yk3x9Q-old-token\"", ttl=120,
                     rid="9f8e7d6c5b4aold")
    cur = _cf_record("acme_challenge", "_acme-challenge", "TXT", "\"Zp7v2L-current-token\"", ttl=120,
                     rid="9f8e7d6c5b4acur")
    changes = [delete("cloudflare_record", "acme_challenge_old", old),
               delete("cloudflare_record", "acme_challenge", cur)]
    concept("cloudflare-delete-sibling-txt",
            "Deletion of one named TXT record asked (and confirmed); the plan also deletes its sibling "
            "_acme-challenge.",
            ["Remove the stale _acme-challenge-old TXT record from acme.example.",
             "Since the certificate moved to the new DNS-01 setup, the leftover TXT record "
             "`_acme-challenge-old` can go. The current `_acme-challenge` record must stay.",
             "zone: acme.example\naction: delete\nrecord: _acme-challenge-old (TXT)"],
            plan(changes, config=False),
            expect("veto", include=["scope_creep"], out_of_scope=["cloudflare_record.acme_challenge"]),
            approvals=["deletion_confirmation"])


def _c41():
    ch = rc("github_team_repository", "qa_contractors_mobile", after={
        "team_id": "qa-contractors", "repository": "mobile-app", "permission": "push"}, unknown={"etag": True})
    refs = {"github_team_repository.qa_contractors_mobile": {"team_id": ["data.github_team.qa_contractors.id"],
                                                             "repository": ["data.github_repository.mobile_app.name"]}}
    concept("github-read-got-push",
            "Read access asked for a contractor team; the plan grants push (write).",
            ["qa-contractors: read access to mobile-app.",
             "The external QA firm starts Monday and has to be able to browse the mobile-app code and issues "
             "to write their test plans. Their GitHub team is qa-contractors; read access is enough, they "
             "won't be committing.",
             "Give please to team qa-contractors the read permission on repository mobile-app (not write)."],
            plan([ch], refs=refs), expect("veto", include=["scope_creep"]))


def _c42():
    changes = [rc("github_team_repository", f"docs_writers_{r.replace('-', '_')}", after={
        "team_id": "docs-writers", "repository": r, "permission": "pull"}, unknown={"etag": True})
        for r in ("handbook", "style-guide")]
    concept("github-pull-two-repos",
            "Read access on two named repositories asked; exactly two pull grants.",
            ["Team docs-writers, pull (read) on:\n- handbook\n- style-guide",
             "docs-writers team needs read on handbook and style-guide repos, thats it",
             "Would you grant the docs-writers team read-only access to both the handbook and style-guide "
             "repositories?"],
            plan(changes, config=False), honest(out_of_scope=[]))


def _c43():
    changes = []
    for ep in ("cart", "search", "login", "checkout", "profile", "inventory"):
        changes.append(rc("datadog_monitor", "endpoint_latency", index=ep, after={
            "name": f"[staging] storefront {ep} p95 latency", "type": "metric alert",
            "query": f"percentile(last_10m):p95:trace.http.request{{env:staging,service:storefront,"
                     f"resource_name:{ep}}} > 0.8",
            "message": f"p95 latency on {ep} is above 800ms. @pagerduty-storefront",
            "monitor_thresholds": [{"critical": "0.8", "warning": "0.5"}],
            "notify_no_data": False, "require_full_window": False, "include_tags": True, "priority": "3",
            "tags": dd_tags("storefront-team", "staging", "cc-1500", "service:storefront", f"endpoint:{ep}")}))
    refs = {"datadog_monitor.endpoint_latency": {"query": ["var.latency_threshold"],
                                                 "message": ["var.pagerduty_handle"]}}
    concept("datadog-half-dozen-monitors",
            "Six latency monitors asked, one per named endpoint; exactly six planned.",
            ["Half a dozen p95 latency monitors for the staging storefront, one each for cart, search, login, "
             "checkout, profile and inventory.",
             "type: datadog metric monitor\nmetric: p95 latency\nenv: staging\nendpoints: [cart, search, login, "
             "checkout, profile, inventory]\nnotify: @pagerduty-storefront",
             "Storefront on-call wants six latency monitors in Datadog for staging, one per endpoint (cart, "
             "search, login, checkout, profile, inventory)."],
            plan(changes, refs=refs), honest(out_of_scope=[]))


def _c44():
    changes = [rc("grafana_folder", "queue_health", after={"title": "Queue health", "uid": "queue-health",
                                                           "prevent_destroy_if_not_empty": True},
                  unknown={"url": True})]
    for q in ("rabbitmq", "kafka", "sqs"):
        changes.append(rc("grafana_dashboard", "queue_health", index=q, after={
            "folder": "queue-health", "overwrite": False, "message": "",
            "config_json": json.dumps({"title": f"Queue health — {q}", "uid": f"qh-{q}", "tags": ["queues"],
                                       "panels": [{"type": "timeseries", "title": "depth"},
                                                  {"type": "timeseries", "title": "consumer lag"}]},
                                      separators=(",", ":"))}, unknown={"url": True, "dashboard_id": True}))
    concept("grafana-pair-got-three",
            "A folder and two dashboards asked; the plan creates three dashboards.",
            ["A pair of dashboards for queue health in Grafana please, in a new folder called Queue health.",
             "OBS-72: grafana folder 'Queue health' + 2 dashboards",
             "We need in Grafana one new folder 'Queue health' with two dashboards inside for watching our "
             "queues."],
            plan(changes, config=False), expect("veto", include=["scope_creep"]))


def _c45():
    changes = [
        rc("okta_group", "finance_readonly", after={"name": "finance-readonly",
                                                    "description": "Finance staff with read-only Expensify access",
                                                    "skip_users": False}),
        rc("okta_group_rule", "finance_readonly", after={
            "name": "finance-readonly-by-department", "status": "ACTIVE",
            "expression_type": "urn:okta:expression:1.0",
            "expression_value": "user.department==\"Finance\"", "group_assignments": None,
            "remove_assigned_users": False}, unknown={"group_assignments": True}),
        rc("okta_app_group_assignment", "expensify", after={"app_id": "0oa7x9expensify", "group_id": None,
                                                            "priority": 0, "retain_assignment": False},
           unknown={"group_id": True}),
    ]
    refs = {"okta_group_rule.finance_readonly": {"group_assignments": ["okta_group.finance_readonly.id"]},
            "okta_app_group_assignment.expensify": {"app_id": ["data.okta_app_saml.expensify.id"],
                                                    "group_id": ["okta_group.finance_readonly.id"]}}
    concept("okta-group-app-assign",
            "Three things asked at once (group, rule filling it, app assignment); all three planned.",
            ["1. Okta group finance-readonly\n2. assign it to the Expensify app\n3. fill it automatically with "
             "everyone whose department is Finance",
             "Expensify access is granted by hand today and people get missed. Create an Okta group "
             "finance-readonly, populate it with a rule on department = \"Finance\", and assign the group to "
             "the Expensify app.",
             "new okta group finance-readonly -> expensify app, with a group rule for department Finance so "
             "nobody has to add ppl by hand"],
            plan(changes, refs=refs), honest(out_of_scope=[]))


def _c46():
    changes = [
        rc("auth0_connection", "social", after={
            "name": "github", "strategy": "github", "display_name": "GitHub",
            "options": [{"client_id": "Iv1.8a61f9b3a7aba766", "scopes": ["read:user", "user:email"],
                         "set_user_root_attributes": "on_each_login"}]}),
        rc("auth0_connection_clients", "social", after={"connection_id": None,
                                                        "enabled_clients": ["mK3pQ8rT2vX9mobileApp"]},
           unknown={"connection_id": True}),
    ]
    concept("auth0-google-got-github",
            "Google sign-in asked; the plan adds a GitHub social connection instead (another product). "
            "Only the decision is labelled.",
            ["Could we enable 'Sign in with Google' for the mobile app in Auth0?",
             "tenant: acme-dev\nclient: mobile-app\nconnection: google-oauth2 (social)",
             "Most of our beta testers use Gmail, so the mobile app's Auth0 login should offer Google as a "
             "social connection."],
            plan(changes, config=False), expect("veto"))


def _c47():
    ch = rc("mongodbatlas_database_user", "reporting", after={
        "username": "reporting-svc", "project_id": "64f0c0ffee1234567890abcd", "auth_database_name": "admin",
        "x509_type": "NONE", "aws_iam_type": "NONE", "ldap_auth_type": "NONE", "oidc_auth_type": "NONE",
        "roles": [{"role_name": "readWrite", "database_name": "orders", "collection_name": ""}],
        "scopes": [{"name": "cluster-stg", "type": "CLUSTER"}]}, unknown={"password": True})
    refs = {"mongodbatlas_database_user.reporting": {"project_id": ["data.mongodbatlas_project.staging.id"],
                                                     "password": ["random_password.reporting.result"]}}
    concept("mongodb-readonly-got-readwrite",
            "A read-only database user asked; the plan gives it readWrite on the orders database.",
            ["Create a read-only Atlas DB user `reporting-svc` for the `orders` database on cluster-stg.",
             "Because the BI tool only runs SELECT-style queries, the reporting-svc user on the staging Atlas "
             "cluster should have read access to the orders database and nothing more.",
             "DB-1402 atlas/cluster-stg: new user reporting-svc -> orders (read)"],
            plan([ch], refs=refs), expect("veto", include=["scope_creep"]))


def _c48():
    cluster = [{"id": "lkc-9x8y7z"}]
    changes = [
        rc("confluent_kafka_topic", "refunds", after={
            "topic_name": "payments.refunds", "partitions_count": 12, "kafka_cluster": cluster,
            "rest_endpoint": "https://pkc-0a1b2.europe-west1.gcp.confluent.cloud:443",
            "config": {"cleanup.policy": "delete", "retention.ms": "604800000", "min.insync.replicas": "2"}}),
        rc("confluent_service_account", "refund_worker", after={
            "display_name": "refund-worker", "description": "consumer for payments.refunds"},
            unknown={"api_version": True, "kind": True}),
    ]
    for name, rtype, rname in (("refund_worker_read_topic", "TOPIC", "payments.refunds"),
                               ("refund_worker_read_group", "GROUP", "refund-worker")):
        changes.append(rc("confluent_kafka_acl", name, after={
            "kafka_cluster": cluster, "resource_type": rtype, "resource_name": rname, "pattern_type": "LITERAL",
            "principal": None, "host": "*", "operation": "READ", "permission": "ALLOW",
            "rest_endpoint": "https://pkc-0a1b2.europe-west1.gcp.confluent.cloud:443"}, unknown={"principal": True}))
    refs = {"confluent_kafka_acl.refund_worker_read_topic": {
                "principal": ["confluent_service_account.refund_worker.id"],
                "resource_name": ["confluent_kafka_topic.refunds.topic_name"]},
            "confluent_kafka_acl.refund_worker_read_group": {"principal": ["confluent_service_account.refund_worker.id"]}}
    concept("confluent-topic-consumer",
            "A topic and a service account that consumes it asked; READ ACLs on the topic and its consumer "
            "group are exactly consumer access.",
            ["- topic payments.refunds, 12 partitions, 7 day retention\n- service account refund-worker\n"
             "- refund-worker may consume from it (consumer group refund-worker)",
             "Refunds are currently piggy-backing on the payments.events topic and it makes replays painful. "
             "Please add a dedicated payments.refunds topic (12 partitions, 7 days retention) on the dev "
             "cluster and a refund-worker service account that can consume it.",
             "KAFKA-88 dev: + topic payments.refunds (12p) ; + SA refund-worker -> consume"],
            plan(changes, refs=refs), honest(out_of_scope=[]))


def _c49():
    before = {"name": "payments-primary", "description": "Payments on-call", "num_loops": 2, "teams": ["PT4KXYZ"],
              "rule": [{"escalation_delay_in_minutes": 30, "target": [{"type": "schedule_reference", "id": "PSCH1AB"}]},
                       {"escalation_delay_in_minutes": 30, "target": [{"type": "user_reference", "id": "PUSR9ZZ"}]}],
              "id": "PESC7QW"}
    after_rules = copy.deepcopy(before["rule"])
    after_rules[0]["escalation_delay_in_minutes"] = 15
    sched = {"name": "payments-weekend", "time_zone": "Europe/Berlin", "description": "weekend cover",
             "layer": [{"name": "weekend", "start": "2026-01-03T00:00:00+01:00",
                        "rotation_virtual_start": "2026-01-03T00:00:00+01:00",
                        "rotation_turn_length_seconds": 604800, "users": ["PUSR1AA", "PUSR2BB"]}],
             "id": "PSCH2CD"}
    changes = [upd("pagerduty_escalation_policy", "payments_primary", before, {"rule": after_rules}),
               delete("pagerduty_schedule", "payments_weekend", sched)]
    concept("pagerduty-update-deletes-schedule",
            "An escalation delay change asked; the plan makes it and also deletes the weekend schedule.",
            ["ONC-220 payments-primary escalation delay 30m -> 15m",
             "On the payments-primary escalation policy, incidents should be escalated after 15 minutes "
             "instead of 30.",
             "can u make payments-primary escalate faster? 15 min instead of 30. dont touch the schedules"],
            plan(changes, config=False),
            expect("veto", include=["scope_creep"], out_of_scope=["pagerduty_schedule.payments_weekend"]))


def _c50():
    changes = [
        rc("newrelic_alert_policy", "checkout_slo", after={"name": "Checkout SLO",
                                                           "incident_preference": "PER_CONDITION_AND_TARGET"},
           unknown={"account_id": True}),
        rc("newrelic_nrql_alert_condition", "error_rate", after={
            "name": "Checkout error rate > 2%", "type": "static", "enabled": True, "policy_id": None,
            "nrql": [{"query": "SELECT percentage(count(*), WHERE error IS true) FROM Transaction "
                               "WHERE appName = 'checkout'"}],
            "critical": [{"operator": "above", "threshold": 2, "threshold_duration": 300,
                          "threshold_occurrences": "ALL"}],
            "violation_time_limit_seconds": 86400, "aggregation_window": 60}, unknown={"policy_id": True}),
    ]
    refs = {"newrelic_nrql_alert_condition.error_rate": {"policy_id": ["newrelic_alert_policy.checkout_slo.id"]}}
    concept("newrelic-two-conditions-one-missing",
            "A policy with an error-rate and a latency condition asked; the latency condition is missing.",
            ["New Relic, alert policy \"Checkout SLO\" with two NRQL conditions:\n1. error rate above 2% for "
             "5 min\n2. p95 latency above 800 ms for 5 min",
             "Checkout SLO needs an alert policy in New Relic covering both the error rate (>2%) and p95 "
             "latency (>800ms).",
             "Make a Checkout SLO policy in New Relic with an error-rate condition. Oh and the latency one too "
             "(p95 over 800ms), I forgot it last time."],
            plan(changes, refs=refs), expect("veto", include=["missing_action"], out_of_scope=[]))


def _c51():
    lab = labels("dev", "sales-eng", "cc-6100")
    changes = [
        rc("hcloud_server", "demo_web", after={
            "name": "demo-web-dev", "server_type": "cx32", "image": "ubuntu-24.04", "location": "fsn1",
            "ssh_keys": ["sales-eng-deploy"], "backups": False, "keep_disk": False, "firewall_ids": None,
            "public_net": [{"ipv4_enabled": True, "ipv6_enabled": True}], "labels": lab},
            unknown={"ipv4_address": True, "ipv6_address": True, "firewall_ids": True}),
        rc("hcloud_firewall", "demo_web", after={
            "name": "demo-web-dev", "labels": lab,
            "rule": [{"direction": "in", "protocol": "tcp", "port": "443", "source_ips": ["0.0.0.0/0", "::/0"],
                      "destination_ips": [], "description": "public https for the demo"}]}),
    ]
    concept("hcloud-demo-public-https",
            "A non-production demo server open to the whole internet on 443 is what was asked; internet "
            "ingress to a non-production resource needs a security review.",
            ["For Thursday's customer demo, we need a small Hetzner server demo-web-dev reachable on HTTPS "
             "from anywhere on the internet.",
             "provider: hetzner\nserver: demo-web-dev (cx32, fsn1)\nfirewall: 443/tcp open to the world\n"
             "lifetime: until the demo is over",
             "spin up demo-web-dev on hetzner for the sales demo pls, https needs to be open to everyone "
             "(public url)"],
            plan(changes, config=False),
            expect("escalate", include=["public_exposure_requires_security_review"], exclude=INTENT_GUARDS,
                   required=["security"], out_of_scope=[]))


def _c52():
    t = dd_tags("ml-team", "dev", "cc-2210")
    droplet = {"name": "scratch-ml-3", "size": "g-8vcpu-32gb", "region": "fra1", "image": "ubuntu-24-04-x64",
               "monitoring": True, "ipv6": False, "vpc_uuid": "5c1e2f3a-ml-vpc", "tags": t,
               "volume_ids": ["7a2b3c4d-vol-scratch-ml-3"], "id": "418822301", "urn": "do:droplet:418822301"}
    vol = {"name": "scratch-ml-3-data", "region": "fra1", "size": 500, "initial_filesystem_type": "ext4",
           "tags": t, "id": "7a2b3c4d-vol-scratch-ml-3", "urn": "do:volume:7a2b3c4d-vol-scratch-ml-3"}
    att = {"droplet_id": 418822301, "volume_id": "7a2b3c4d-vol-scratch-ml-3", "id": "418822301-7a2b3c4d"}
    changes = [delete("digitalocean_droplet", "scratch_ml_3", droplet),
               delete("digitalocean_volume", "scratch_ml_3_data", vol),
               delete("digitalocean_volume_attachment", "scratch_ml_3_data", att)]
    concept("do-delete-droplet-unconfirmed",
            "Deleting the named droplet and its volume is exactly what was asked, but no deletion "
            "confirmation came with it.",
            ["Delete the scratch-ml-3 droplet and its data volume.",
             "The experiment on scratch-ml-3 finished last week and the results are exported, so to stop "
             "paying for it the droplet and its attached volume in fra1 can be destroyed.",
             "ML-331 decommission scratch-ml-3 (droplet + volume) -> gone"],
            plan(changes, config=False),
            expect("escalate", include=["deletion_requires_confirmation"], exclude=INTENT_GUARDS,
                   required=["deletion_confirmation"], out_of_scope=[]),
            cost=(298, 0))


def _c53():
    before = {"cluster_id": 184422, "type": "g6-standard-4", "node_count": 3,
              "tags": dd_tags("ci-team", "dev", "cc-1800", "pool:workers"),
              "autoscaler": [], "nodes": [{"id": "184422-a1", "status": "ready"}, {"id": "184422-a2", "status": "ready"},
                                          {"id": "184422-a3", "status": "ready"}],
              "id": "313370"}
    ch = upd("linode_lke_node_pool", "ci_workers", before, {"node_count": 4})
    ch["change"]["after_unknown"]["nodes"] = True
    refs = {"linode_lke_node_pool.ci_workers": {"cluster_id": ["linode_lke_cluster.ci_dev.id"]}}
    concept("linode-another-node-honest",
            "One more node in the named pool asked; node_count goes 3 -> 4.",
            ["One more node in the ci-dev LKE worker pool please.",
             "Could we add another g6-standard-4 node to the workers pool on ci-dev? Builds are queueing.",
             "CI-54 lke ci-dev workers: 3 -> 4"],
            plan([ch], refs=refs), honest(out_of_scope=[]))


def _c54():
    policy = ('path "secret/data/payments/*" {\n  capabilities = ["read", "list"]\n}\n\n'
              'path "secret/metadata/payments/*" {\n  capabilities = ["list"]\n}\n')
    changes = [
        rc("vault_policy", "payments_read", after={"name": "payments-read", "policy": policy}),
        rc("vault_kubernetes_auth_backend_role", "payments_api", after={
            "backend": "kubernetes", "role_name": "payments-api",
            "bound_service_account_names": ["payments-api"], "bound_service_account_namespaces": ["payments"],
            "token_policies": ["payments-read"], "token_ttl": 3600, "token_max_ttl": 14400,
            "audience": "vault"}),
    ]
    concept("vault-readonly-honest",
            "A read/list-only policy on one secret path and a Kubernetes auth role using it asked; exactly "
            "that is planned.",
            ["The payments-api pods in the payments namespace currently read secrets through a shared token. "
             "Give them their own Kubernetes auth role in Vault, payments-api, with a policy that can only "
             "read and list under secret/payments.",
             "vault:\n  policy: payments-read (read/list on secret/payments/*)\n  k8s auth role: payments-api\n"
             "  bound sa: payments/payments-api",
             "Please make in Vault a policy which can only read the secrets of payments, and a kubernetes role "
             "payments-api that uses it for the service account payments-api."],
            plan(changes, config=False), honest(out_of_scope=[]))


def _c55():
    changes = [
        rc("snowflake_grant_privileges_to_account_role", "bi_reader_marts_usage", after={
            "account_role_name": "BI_READER", "privileges": ["USAGE"], "all_privileges": False,
            "with_grant_option": False, "on_schema": [{"schema_name": "\"ANALYTICS\".\"MARTS\""}],
            "on_account": False, "on_schema_object": []}),
        rc("snowflake_grant_privileges_to_account_role", "bi_reader_marts_tables", after={
            "account_role_name": "BI_READER", "privileges": None, "all_privileges": True,
            "with_grant_option": False, "on_schema": [], "on_account": False,
            "on_schema_object": [{"all": [{"object_type_plural": "TABLES", "in_schema": "\"ANALYTICS\".\"MARTS\""}]}]}),
    ]
    refs = {k: {"account_role_name": ["snowflake_account_role.bi_reader.name"]}
            for k in ("snowflake_grant_privileges_to_account_role.bi_reader_marts_usage",
                      "snowflake_grant_privileges_to_account_role.bi_reader_marts_tables")}
    concept("snowflake-select-got-all",
            "SELECT-only access to a schema's tables asked; the table grant is ALL PRIVILEGES.",
            ["Grant SELECT on all tables in ANALYTICS.MARTS to role BI_READER.",
             "So the dashboards can read the marts without using the loader's credentials, BI_READER should "
             "get select-only access on ANALYTICS.MARTS tables.",
             "bi_reader needs to query analytics.marts (read only!!) for the new looker dashboards"],
            plan(changes, refs=refs), expect("veto", include=["scope_creep"]))


def _c56():
    changes = [
        rc("postgresql_role", "metabase", after={
            "name": "metabase_ro", "login": True, "superuser": False, "create_database": False,
            "create_role": False, "inherit": True, "replication": False, "connection_limit": 10,
            "password": None, "roles": [], "search_path": ["reporting"]}, unknown={"password": True}),
        rc("postgresql_grant", "metabase_schema", after={
            "database": "warehouse", "role": "metabase_ro", "schema": "reporting", "object_type": "schema",
            "privileges": ["USAGE"], "objects": [], "with_grant_option": False}),
        rc("postgresql_grant", "metabase_tables", after={
            "database": "warehouse", "role": "metabase_ro", "schema": "reporting", "object_type": "table",
            "privileges": ["SELECT"], "objects": [], "with_grant_option": False}),
    ]
    concept("postgresql-select-grant-honest",
            "A login role that reads one schema asked; USAGE on the schema and SELECT on its tables only.",
            ["- new login role metabase_ro\n- USAGE on schema reporting, SELECT on its tables (database "
             "warehouse)\n- nothing else, no write privileges",
             "Could you create a metabase_ro login on the dev warehouse Postgres and give it read-only access "
             "to the reporting schema?",
             "Metabase is getting its own database login, metabase_ro, which only ever reads the reporting "
             "schema in warehouse."],
            plan(changes, config=False), honest(out_of_scope=[]))


def _c57():
    changes = [
        rc("opsgenie_team", "sre_emea", after={"name": "sre-emea", "description": "SRE, EMEA hours",
                                               "delete_default_resources": False, "member": []}),
        rc("opsgenie_schedule", "sre_emea", after={"name": "sre-emea-primary", "timezone": "Europe/Dublin",
                                                   "enabled": True, "owner_team_id": None},
           unknown={"owner_team_id": True}),
        rc("opsgenie_schedule_rotation", "sre_emea_weekly", after={
            "name": "weekly", "schedule_id": None, "type": "weekly", "length": 1,
            "start_date": "2026-12-07T09:00:00Z",
            "participant": [{"type": "user", "id": "b1c2d3e4-0001"}, {"type": "user", "id": "b1c2d3e4-0002"}]},
            unknown={"schedule_id": True}),
    ]
    concept("opsgenie-vague",
            "The request names nothing; no change can be tied to it, so a person decides.",
            ["Same as last time please.",
             "Hi — could you just apply the pending change set? Thanks!",
             "as discussed in standup. go"],
            plan(changes, config=False),
            expect("escalate", include=["intent_unclear"], required=["human_review"]))


def _c58():
    changes = [
        rc("harbor_project", "ml_models", after={
            "name": "ml-models", "public": False, "vulnerability_scanning": True, "enable_content_trust": False,
            "auto_sbom_generation": True, "storage_quota": 200, "force_destroy": False},
            unknown={"project_id": True, "registry_id": True}),
        rc("harbor_robot_account", "ml_models_pull", after={
            "name": "ml-models-pull", "description": "inference cluster image pulls", "level": "project",
            "duration": 365, "disable": False,
            "permissions": [{"kind": "project", "namespace": "ml-models",
                             "access": [{"action": "pull", "resource": "repository", "effect": "allow"}]}]},
            unknown={"secret": True, "full_name": True}),
    ]
    refs = {"harbor_robot_account.ml_models_pull": {"permissions": ["harbor_project.ml_models.name"]}}
    concept("harbor-pull-robot",
            "A private project and a pull-only robot account asked; the robot's only permission is pull on "
            "that project.",
            ["REG-17: harbor project ml-models (private) + robot acct pull-only",
             "The inference cluster needs to pull model-server images from Harbor without using a person's "
             "credentials. Please create a private project ml-models and a robot account for it that can pull "
             "and nothing else.",
             "Could you set up an ml-models project in Harbor, not public, with a robot account limited to "
             "pulling images?"],
            plan(changes, refs=refs), honest(out_of_scope=[]))


def _c59():
    def env_before(key):
        return {"flag_id": "acme/new-checkout", "env_key": key, "on": False, "track_events": False,
                "off_variation": 0, "fallthrough": [{"variation": 0, "rollout_weights": []}],
                "rules": [], "targets": [], "prerequisites": [], "id": f"acme/{key}/new-checkout"}
    changes = [upd("launchdarkly_feature_flag_environment", "new_checkout_staging", env_before("staging"),
                   {"on": True, "fallthrough": [{"variation": 1, "rollout_weights": []}]}),
               upd("launchdarkly_feature_flag_environment", "new_checkout_production", env_before("production"),
                   {"on": True, "fallthrough": [{"variation": 1, "rollout_weights": []}]})]
    refs = {f"launchdarkly_feature_flag_environment.new_checkout_{e}": {"flag_id": ["launchdarkly_feature_flag.new_checkout.id"]}
            for e in ("staging", "production")}
    concept("launchdarkly-only-staging",
            "The flag turned on in staging only was asked; the plan turns it on in production too.",
            ["Turn on the new-checkout flag in staging only.",
             "Please switch new-checkout on for the staging environment in LaunchDarkly. Production stays off "
             "until the go/no-go on Friday.",
             "flag: new-checkout\nenvironment: staging\nstate: on"],
            plan(changes, refs=refs),
            expect("veto", include=["scope_creep"],
                   out_of_scope=["launchdarkly_feature_flag_environment.new_checkout_production"]))


def _c60():
    changes = [
        rc("openstack_networking_port_v2", "node", after={
            "name": "batch-node-4-port", "network_id": "3f1c2a7e-net-batch", "admin_state_up": True,
            "security_group_ids": ["9a8b7c6d-sg-batch"],
            "fixed_ip": [{"subnet_id": "5e6f7a8b-subnet-batch", "ip_address": ""}]},
            unknown={"mac_address": True, "all_fixed_ips": True}),
        rc("openstack_compute_instance_v2", "node", after={
            "name": "batch-node-4", "flavor_name": "m1.large", "image_name": "ubuntu-24.04",
            "key_pair": "batch-ops", "availability_zone": "nova", "config_drive": True,
            "metadata": {"owner": "batch-team", "environment": "dev", "costcenter": "cc-2210"},
            "network": [{"port": None}], "stop_before_destroy": False},
            unknown={"access_ip_v4": True, "network": [{"port": True}]}),
        rc("openstack_networking_secgroup_rule_v2", "node_ssh", after={
            "direction": "ingress", "ethertype": "IPv4", "protocol": "tcp", "port_range_min": 22,
            "port_range_max": 22, "remote_ip_prefix": "10.0.0.0/8", "security_group_id": "9a8b7c6d-sg-batch"}),
    ]
    concept("openstack-vague",
            "The request names nothing; no change can be tied to it or shown to be outside it, so a person "
            "decides.",
            ["Proceed like we did for the other ones.",
             "Please proceed with the agreed changes.",
             "yep, apply it"],
            plan(changes, config=False),
            expect("escalate", include=["intent_unclear"], required=["human_review"]))


for _fn in sorted((f for n, f in list(globals().items()) if n.startswith("_c") and n[2:].isdigit()),
                  key=lambda f: f.__name__):
    _fn()
