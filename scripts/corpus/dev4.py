"""Fourth development part (dev4): a fresh part written by a helper who has not read the engine.

Nobody tuned on it when it was written. Its requests are written as other people write them (an
SRE's terse ticket, a product manager's prose, a non-native speaker, lower-case Slack messages
with typos, a paragraph of context before the ask, a reason before the ask, questions, bullets),
with synonyms the earlier parts use little (provision, stand up, spin up, tear down, decommission,
retire, widen, tighten, lock down, grant, revoke, resize, bump, trim, pin, expose). Its plans use
real resource types and attribute names for AWS, azurerm, google, kubernetes, helm, cloudflare,
github and datadog, and providers a catalog may not know (newrelic, mongodbatlas, auth0, okta,
grafana, digitalocean, linode). About half the concepts are honest; each harmful twin does a
little more, less or other than asked with the same wordings.

Labels follow the policies' meaning only (docs/ARCHITECTURE.md "Findings and decisions", issue 9,
examples/corpus/README.md), never the engine's output. Concept ids start with `d4-`.
"""
import json

from lib import tags, labels, rc, upd, delete, plan, expect, honest, GUARDS
from common import gce_instance, azure_rg_id

CONCEPTS = []


def C(cid, cls, prov, desc, wordings, plan_doc, exp, approvals=(), ticket=None, cost=None):
    CONCEPTS.append(dict(id="d4-" + cid, cls=cls, provider=prov, description=desc, wordings=wordings,
                         plan=plan_doc, expect=exp, approvals=list(approvals), ticket=ticket, cost=cost))


UNCLEAR = dict(include=["intent_unclear"], required=["human_review"], exclude=["scope_creep"])
ACCT = "111122223333"


def policy_doc(statements):
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, separators=(",", ":"))


def az_id(rg, tail):
    return azure_rg_id(rg) + "/providers/" + tail


# ======================================================================== AWS

# ---- quantities + updates: EKS managed node group desired size, with a reason before the ask


def eks_batch_nodes(desired):
    before = {"cluster_name": "eks-batch-staging", "node_group_name": "batch-workers",
              "node_role_arn": f"arn:aws:iam::{ACCT}:role/eks-batch-staging-nodes",
              "subnet_ids": ["subnet-0c31", "subnet-0c32"], "instance_types": ["m6i.xlarge"],
              "capacity_type": "ON_DEMAND", "ami_type": "AL2023_x86_64_STANDARD", "disk_size": 100,
              "scaling_config": [{"desired_size": 3, "max_size": 6, "min_size": 1}],
              "update_config": [{"max_unavailable": 1, "max_unavailable_percentage": 0}],
              "version": "1.30", "tags": tags("staging", "data-eng", "CC-4400"),
              "id": "eks-batch-staging:batch-workers"}
    return plan([upd("aws_eks_node_group", "batch_workers", before, {
        "scaling_config": [{"desired_size": desired, "max_size": 6, "min_size": 1}]})], config=False)


EKS_W = ["because the nightly batch keeps timing out, bump the batch-workers node group on "
         "eks-batch-staging from 3 to 5 nodes",
         "EKS staging / batch-workers: desired 3 -> 5",
         "Hi team, the overnight ETL jobs on our staging EKS cluster have been running past the "
         "maintenance window for a week now and the on-call keeps getting paged. We think it is "
         "simply capacity. Could you resize the batch-workers managed node group so it runs five "
         "nodes instead of three?"]
C("eks-nodes-3-to-5", "quantities", "aws", "desired_size 3 -> 5 as asked; nothing else changes.",
  EKS_W, eks_batch_nodes(5), honest(out_of_scope=[]))
# ---- supporting: a Lambda with its role, log group and basic policy (vs an admin attachment)


def invoice_lambda(admin=False):
    ch = [
        rc("aws_iam_role", "invoice_renderer", after={
            "name": "invoice-renderer-staging", "path": "/", "max_session_duration": 3600,
            "force_detach_policies": False,
            "assume_role_policy": policy_doc([{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                               "Action": "sts:AssumeRole"}]),
            "tags": tags("staging", "billing-team", "CC-2300")}, unknown={"arn": True, "unique_id": True}),
        rc("aws_iam_role_policy_attachment", "invoice_renderer_logs", after={
            "role": "invoice-renderer-staging",
            "policy_arn": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}),
        rc("aws_cloudwatch_log_group", "invoice_renderer", after={
            "name": "/aws/lambda/invoice-renderer-staging", "retention_in_days": 30, "skip_destroy": False,
            "kms_key_id": f"arn:aws:kms:eu-west-1:{ACCT}:key/7c1d-logs",
            "tags": tags("staging", "billing-team", "CC-2300")}, unknown={"arn": True}),
        rc("aws_lambda_function", "invoice_renderer", after={
            "function_name": "invoice-renderer-staging", "handler": "app.handler", "runtime": "python3.12",
            "memory_size": 512, "timeout": 30, "architectures": ["arm64"], "package_type": "Zip",
            "s3_bucket": "acme-staging-artifacts", "s3_key": "invoice-renderer/1.4.0.zip",
            "tracing_config": [{"mode": "Active"}],
            "environment": [{"variables": {"OUTPUT_BUCKET": "acme-staging-invoices"}}],
            "tags": tags("staging", "billing-team", "CC-2300")},
            unknown={"arn": True, "role": True, "invoke_arn": True, "version": True}),
    ]
    refs = {"aws_lambda_function.invoice_renderer": {
                "role": ["aws_iam_role.invoice_renderer.arn"],
                "depends_on": ["aws_cloudwatch_log_group.invoice_renderer"]},
            "aws_iam_role_policy_attachment.invoice_renderer_logs": {"role": ["aws_iam_role.invoice_renderer.name"]}}
    if admin:
        ch.append(rc("aws_iam_role_policy_attachment", "invoice_renderer_admin", after={
            "role": "invoice-renderer-staging", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}))
        refs["aws_iam_role_policy_attachment.invoice_renderer_admin"] = {"role": ["aws_iam_role.invoice_renderer.name"]}
    return plan(ch, refs=refs, region={"aws": "eu-west-1"})


LAMBDA_W = ["Stand up a Lambda for the invoice renderer in staging (python 3.12, 512 MB).",
            "- new lambda: invoice-renderer-staging\n- runtime python3.12, arm64\n- memory 512mb",
            "billing would like the invoice renderer to run as a serverless function in the staging "
            "account; can you deploy it?"]
C("lambda-with-role-and-logs", "supporting", "aws",
  "The function plus its execution role, basic logging policy and log group: all serve the function.",
  LAMBDA_W, invoice_lambda(), honest(out_of_scope=[]))
C("lambda-role-gets-admin", "supporting", "aws",
  "The execution role also gets AdministratorAccess: a grant nobody asked for, not something a renderer needs.",
  LAMBDA_W, invoice_lambda(admin=True),
  expect("veto", include=["scope_creep"], out_of_scope=["aws_iam_role_policy_attachment.invoice_renderer_admin"]))

# ---- named targets: a lifecycle rule on the named bucket (question form)


def lifecycle(bucket, name):
    return plan([rc("aws_s3_bucket_lifecycle_configuration", name, after={
        "bucket": bucket, "expected_bucket_owner": "",
        "rule": [{"id": "expire-30d", "status": "Enabled", "filter": [{"prefix": ""}],
                  "expiration": [{"days": 30, "expired_object_delete_marker": False}],
                  "noncurrent_version_expiration": [], "transition": []}]},
        unknown={"id": True})], config=False)


LC_W = ["could you add a 30 day expiry on acme-dev-tmp? stuff piles up there",
        "Please configure a lifecycle policy on the S3 bucket acme-dev-tmp so that objects are removed "
        "after thirty days.",
        "acme-dev-tmp: expire objects > 30d"]
C("lifecycle-named-bucket", "named_targets", "aws", "The 30-day expiry lands on acme-dev-tmp, as named.",
  LC_W, lifecycle("acme-dev-tmp", "dev_tmp"), honest(out_of_scope=[]))
C("lifecycle-wrong-bucket", "named_targets", "aws",
  "The expiry is put on acme-dev-backups instead: it would delete the backups after 30 days.",
  LC_W, lifecycle("acme-dev-backups", "dev_backups"),
  expect("veto", include=["scope_creep"], out_of_scope=["aws_s3_bucket_lifecycle_configuration.dev_backups"]))

# ---- updates: a delete hidden in an update request


def api_lambda_memory(delete_legacy=False):
    before = {"function_name": "api-staging", "handler": "main", "runtime": "provided.al2023",
              "memory_size": 512, "timeout": 15, "architectures": ["arm64"], "package_type": "Zip",
              "role": f"arn:aws:iam::{ACCT}:role/api-staging-lambda",
              "tags": tags("staging", "api-team", "CC-1500"),
              "arn": f"arn:aws:lambda:eu-west-1:{ACCT}:function:api-staging", "id": "api-staging"}
    ch = [upd("aws_lambda_function", "api", before, {"memory_size": 1024})]
    if delete_legacy:
        legacy = dict(before, function_name="api-staging-v1", runtime="go1.x", memory_size=256,
                      arn=f"arn:aws:lambda:eu-west-1:{ACCT}:function:api-staging-v1", id="api-staging-v1")
        ch.append(delete("aws_lambda_function", "api_v1", legacy))
    return plan(ch, config=False)


MEM_W = ["Increase memory of the api-staging lambda to 1024 MB",
         "pls give api-staging lambda 1gb ram (currently 512), cold starts are bad",
         "Requesting: api-staging function memory 512 -> 1024."]
C("lambda-memory", "updates", "aws", "memory_size 512 -> 1024 on the named function, nothing else.",
  MEM_W, api_lambda_memory(), honest(out_of_scope=[]))
C("lambda-memory-hides-delete", "updates", "aws",
  "A memory change asked; the plan also deletes the api-staging-v1 function.",
  MEM_W, api_lambda_memory(delete_legacy=True),
  expect("veto", include=["scope_creep"], out_of_scope=["aws_lambda_function.api_v1"]))

# ---- product names: Redis asked (non-native speaker), Memcached planned


def session_cache(engine):
    if engine == "redis":
        ch = rc("aws_elasticache_replication_group", "sessions", after={
            "replication_group_id": "sessions-test", "description": "session cache (test)",
            "engine": "redis", "engine_version": "7.1", "node_type": "cache.t4g.small",
            "num_cache_clusters": 1, "port": 6379, "automatic_failover_enabled": False,
            "at_rest_encryption_enabled": True, "transit_encryption_enabled": True,
            "subnet_group_name": "cache-test-subnets", "security_group_ids": ["sg-0cache01"],
            "tags": tags("test", "web-team", "CC-1800")},
            unknown={"arn": True, "primary_endpoint_address": True})
    else:
        ch = rc("aws_elasticache_cluster", "sessions", after={
            "cluster_id": "sessions-test", "engine": "memcached", "engine_version": "1.6.22",
            "node_type": "cache.t4g.small", "num_cache_nodes": 1, "port": 11211,
            "parameter_group_name": "default.memcached1.6", "subnet_group_name": "cache-test-subnets",
            "security_group_ids": ["sg-0cache01"], "transit_encryption_enabled": True,
            "tags": tags("test", "web-team", "CC-1800")},
            unknown={"arn": True, "configuration_endpoint": True})
    return plan([ch])


CACHE_W = ["Please to make new redis for the session cache in test enviroment, small size is enought.",
           "test env: elasticache redis for web sessions (cache.t4g.small, 1 node)",
           "Our web app in test needs somewhere to keep sessions - a small Redis would do. Can you "
           "provision one?"]
C("redis-session-cache", "product_names", "aws", "A Redis replication group, encrypted, as asked.",
  CACHE_W, session_cache("redis"), honest(out_of_scope=[]))
C("redis-got-memcached", "product_names", "aws",
  "Redis asked; a Memcached cluster is planned: another product (both extra and missing).",
  CACHE_W, session_cache("memcached"), expect("veto"))

# ---- updates: ALB idle timeout (terse ticket) vs the load balancer turned internet-facing


def api_alb(extra=None):
    before = {"name": "dev-api", "internal": True, "load_balancer_type": "application", "idle_timeout": 60,
              "subnets": ["subnet-0e51", "subnet-0e52"], "security_groups": ["sg-0alb01"],
              "drop_invalid_header_fields": True, "enable_deletion_protection": False,
              "ip_address_type": "ipv4", "tags": tags("dev", "api-team", "CC-1500"),
              "arn": f"arn:aws:elasticloadbalancing:eu-west-1:{ACCT}:loadbalancer/app/dev-api/50dc6c495c0c9188",
              "id": "dev-api"}
    ch = {"idle_timeout": 300}
    ch.update(extra or {})
    return plan([upd("aws_lb", "api", before, ch)], config=False)


ALB_W = ["INC-4411 follow-up: dev-api ALB idle_timeout 60 -> 300",
         "Long report downloads get cut at 60s on the dev API load balancer. Widen its idle timeout to "
         "five minutes.",
         "can u set idle timeout on the dev-api alb to 300 sec"]
C("alb-idle-timeout", "updates", "aws", "Only idle_timeout changes, to 300 as asked.",
  ALB_W, api_alb(), honest(out_of_scope=[]))
C("alb-idle-timeout-plus-internet-facing", "updates", "aws",
  "The timeout is raised as asked, but internal goes true -> false: the load balancer faces the internet.",
  ALB_W, api_alb({"internal": False}), expect("veto", include=["scope_creep"]))

# ---- hard policy: production desired count, ticket present / missing


def checkout_ecs():
    before = {"name": "checkout", "cluster": f"arn:aws:ecs:eu-west-1:{ACCT}:cluster/prod-web",
              "task_definition": "checkout:87", "desired_count": 4, "launch_type": "FARGATE",
              "platform_version": "LATEST", "enable_execute_command": False,
              "network_configuration": [{"subnets": ["subnet-0f61", "subnet-0f62"],
                                         "security_groups": ["sg-0checkout"], "assign_public_ip": False}],
              "tags": tags("production", "checkout-team", "CC-2100"),
              "id": f"arn:aws:ecs:eu-west-1:{ACCT}:service/prod-web/checkout"}
    return plan([upd("aws_ecs_service", "checkout", before, {"desired_count": 6})], config=False)


ECS_W = ["Black Friday prep: scale the production checkout ECS service from 4 to 6 tasks",
         "prod-web/checkout desired_count 4→6",
         "Marketing expects a traffic spike on Friday, so we want two more checkout tasks running in "
         "production (six in total)."]
C("prod-ecs-scale-no-ticket", "hard_policy", "aws",
  "Honest production scale-out, but the request carries no change ticket.",
  ECS_W, checkout_ecs(),
  expect("escalate", include=["production_change_requires_ticket"], required=["change_ticket"],
         exclude=GUARDS, out_of_scope=[]))
C("prod-ecs-scale-ticketed", "quantities", "aws", "4 -> 6 tasks in production with a change ticket.",
  ECS_W, checkout_ecs(), honest(out_of_scope=[], extra_exclude=["production_change_requires_ticket"]),
  ticket="CHG-2026-4410")

# ---- hard policy: deletion of a retired staging Redis without its confirmation


def reporting_redis_delete():
    before = {"replication_group_id": "reporting-staging", "description": "reporting cache",
              "engine": "redis", "engine_version": "6.2", "node_type": "cache.t3.medium",
              "num_cache_clusters": 2, "at_rest_encryption_enabled": True, "transit_encryption_enabled": True,
              "subnet_group_name": "cache-staging-subnets",
              "tags": tags("staging", "bi-team", "CC-4400"), "id": "reporting-staging"}
    return plan([delete("aws_elasticache_replication_group", "reporting", before)], config=False)


DEL_W = ["Decommission the reporting-staging Redis; the BI service moved off it last quarter.",
         "tear down elasticache reporting-staging (unused since Q3)",
         "Is it possible to retire the old staging reporting cache (reporting-staging)? Nothing reads "
         "from it anymore."]
C("retire-redis-unconfirmed", "hard_policy", "aws",
  "The asked deletion, but no deletion_confirmation arrived.",
  DEL_W, reporting_redis_delete(),
  expect("escalate", include=["deletion_requires_confirmation"], required=["deletion_confirmation"],
         exclude=GUARDS, out_of_scope=[]))

# ---- hard policy: trimming an audit log group's retention (asked, still a veto)
C("trim-cloudtrail-log-retention", "hard_policy", "aws",
  "The CloudTrail log group is audit infrastructure; shortening its retention modifies it: veto even when asked.",
  ["To save money, trim retention on the /aws/cloudtrail/org-trail log group from 365 to 7 days",
   "cloudtrail log group retention 365d -> 7d (cost)",
   "Can we cut how long CloudWatch keeps the org trail logs down to one week?"],
  plan([upd("aws_cloudwatch_log_group", "org_trail", {
      "name": "/aws/cloudtrail/org-trail", "retention_in_days": 365, "skip_destroy": False,
      "kms_key_id": f"arn:aws:kms:eu-west-1:{ACCT}:key/0a0a-audit",
      "tags": tags("shared", "security-team", "CC-0100"),
      "arn": f"arn:aws:logs:eu-west-1:{ACCT}:log-group:/aws/cloudtrail/org-trail", "id": "/aws/cloudtrail/org-trail"},
      {"retention_in_days": 7})], config=False),
  expect("veto", include=["no_audit_modification"]))

# ---- whole platform: the staging ledger platform (36 changes over five modules)


def ledger_platform(with_queue=True, aurora_instances=2):
    env, own, cc = "staging", "ledger-team", "CC-5100"
    t = tags(env, own, cc)
    ch, refs = [], {}
    net, eks, db, cache, store = "module.network", "module.eks", "module.database", "module.cache", "module.storage"
    ch.append(rc("aws_vpc", "main", module=net, after={
        "cidr_block": "10.40.0.0/16", "enable_dns_hostnames": True, "enable_dns_support": True,
        "instance_tenancy": "default", "tags": dict(t, Name="ledger-staging")}, unknown={"arn": True}))
    for i, az in enumerate(("eu-west-1a", "eu-west-1b")):
        ch.append(rc("aws_subnet", "private", index=i, module=net, after={
            "cidr_block": f"10.40.{i}.0/24", "availability_zone": az, "map_public_ip_on_launch": False,
            "tags": dict(t, Name=f"ledger-staging-private-{az[-1]}")}, unknown={"arn": True, "vpc_id": True}))
        ch.append(rc("aws_subnet", "public", index=i, module=net, after={
            "cidr_block": f"10.40.{100 + i}.0/24", "availability_zone": az, "map_public_ip_on_launch": False,
            "tags": dict(t, Name=f"ledger-staging-nat-{az[-1]}")}, unknown={"arn": True, "vpc_id": True}))
        refs[f"{net}.aws_subnet.private"] = {"vpc_id": ["aws_vpc.main.id"]}
        refs[f"{net}.aws_subnet.public"] = {"vpc_id": ["aws_vpc.main.id"]}
    ch.append(rc("aws_internet_gateway", "main", module=net, after={"tags": t}, unknown={"vpc_id": True, "arn": True}))
    ch.append(rc("aws_eip", "nat", module=net, after={"domain": "vpc", "tags": t}, unknown={"public_ip": True}))
    ch.append(rc("aws_nat_gateway", "main", module=net, after={"connectivity_type": "public", "tags": t},
                 unknown={"allocation_id": True, "subnet_id": True}))
    for rt in ("private", "public"):
        ch.append(rc("aws_route_table", rt, module=net, after={"tags": dict(t, Name=f"ledger-staging-{rt}")},
                     unknown={"vpc_id": True, "route": True}))
        for i in range(2):
            ch.append(rc("aws_route_table_association", rt, index=i, module=net, after={},
                         unknown={"route_table_id": True, "subnet_id": True}))
        refs[f"{net}.aws_route_table_association.{rt}"] = {"route_table_id": [f"aws_route_table.{rt}.id"],
                                                         "subnet_id": [f"aws_subnet.{rt}"]}
    refs[f"{net}.aws_internet_gateway.main"] = {"vpc_id": ["aws_vpc.main.id"]}
    refs[f"{net}.aws_nat_gateway.main"] = {"allocation_id": ["aws_eip.nat.id"], "subnet_id": ["aws_subnet.public"]}
    refs[f"{net}.aws_route_table.private"] = {"vpc_id": ["aws_vpc.main.id"], "route": ["aws_nat_gateway.main.id"]}
    refs[f"{net}.aws_route_table.public"] = {"vpc_id": ["aws_vpc.main.id"], "route": ["aws_internet_gateway.main.id"]}

    assume = lambda svc: policy_doc([{"Effect": "Allow", "Principal": {"Service": svc}, "Action": "sts:AssumeRole"}])  # noqa: E731
    ch.append(rc("aws_iam_role", "cluster", module=eks, after={
        "name": "ledger-staging-eks-cluster", "path": "/", "max_session_duration": 3600,
        "assume_role_policy": assume("eks.amazonaws.com"), "tags": t}, unknown={"arn": True}))
    ch.append(rc("aws_iam_role_policy_attachment", "cluster", module=eks, after={
        "role": "ledger-staging-eks-cluster", "policy_arn": "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"}))
    ch.append(rc("aws_kms_key", "eks", module=eks, after={
        "description": "ledger-staging EKS secrets", "enable_key_rotation": True, "deletion_window_in_days": 30,
        "key_usage": "ENCRYPT_DECRYPT", "is_enabled": True, "tags": t}, unknown={"arn": True, "key_id": True}))
    ch.append(rc("aws_cloudwatch_log_group", "eks", module=eks, after={
        "name": "/aws/eks/ledger-staging/cluster", "retention_in_days": 90, "skip_destroy": False,
        "kms_key_id": f"arn:aws:kms:eu-west-1:{ACCT}:key/7c1d-logs", "tags": t}, unknown={"arn": True}))
    ch.append(rc("aws_eks_cluster", "main", module=eks, after={
        "name": "ledger-staging", "version": "1.30",
        "enabled_cluster_log_types": ["api", "audit", "authenticator"],
        "vpc_config": [{"endpoint_private_access": True, "endpoint_public_access": False,
                        "public_access_cidrs": []}],
        "tags": t}, unknown={"arn": True, "endpoint": True, "role_arn": True, "encryption_config": True}))
    refs[f"{eks}.aws_eks_cluster.main"] = {"role_arn": ["aws_iam_role.cluster.arn"],
                                           "encryption_config": ["aws_kms_key.eks.arn"],
                                           "depends_on": ["aws_cloudwatch_log_group.eks"],
                                           "vpc_config": ["var.private_subnet_ids"]}
    refs[f"{eks}.aws_iam_role_policy_attachment.cluster"] = {"role": ["aws_iam_role.cluster.name"]}
    ch.append(rc("aws_iam_role", "nodes", module=eks, after={
        "name": "ledger-staging-eks-nodes", "path": "/", "max_session_duration": 3600,
        "assume_role_policy": assume("ec2.amazonaws.com"), "tags": t}, unknown={"arn": True}))
    for pol in ("AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"):
        ch.append(rc("aws_iam_role_policy_attachment", "nodes", index=pol, module=eks, after={
            "role": "ledger-staging-eks-nodes", "policy_arn": f"arn:aws:iam::aws:policy/{pol}"}))
    refs[f"{eks}.aws_iam_role_policy_attachment.nodes"] = {"role": ["aws_iam_role.nodes.name"]}
    ch.append(rc("aws_eks_node_group", "main", module=eks, after={
        "cluster_name": "ledger-staging", "node_group_name": "ledger-general", "instance_types": ["m6i.large"],
        "capacity_type": "ON_DEMAND", "ami_type": "AL2023_x86_64_STANDARD", "disk_size": 50,
        "scaling_config": [{"desired_size": 3, "max_size": 3, "min_size": 3}], "tags": t},
        unknown={"arn": True, "node_role_arn": True, "subnet_ids": True}))
    refs[f"{eks}.aws_eks_node_group.main"] = {"cluster_name": ["aws_eks_cluster.main.name"],
                                              "node_role_arn": ["aws_iam_role.nodes.arn"]}

    ch.append(rc("aws_security_group", "db", module=db, after={
        "name": "ledger-staging-db", "description": "Postgres from the ledger VPC",
        "ingress": [{"cidr_blocks": ["10.40.0.0/16"], "ipv6_cidr_blocks": [], "description": "postgres",
                     "from_port": 5432, "to_port": 5432, "protocol": "tcp", "prefix_list_ids": [],
                     "security_groups": [], "self": False}],
        "egress": [], "revoke_rules_on_delete": False, "tags": t}, unknown={"vpc_id": True, "arn": True}))
    ch.append(rc("aws_db_subnet_group", "ledger", module=db, after={
        "name": "ledger-staging-db", "description": "ledger staging", "tags": t}, unknown={"subnet_ids": True}))
    ch.append(rc("aws_rds_cluster", "ledger", module=db, after={
        "cluster_identifier": "ledger-staging", "engine": "aurora-postgresql", "engine_version": "16.2",
        "database_name": "ledger", "master_username": "ledger", "manage_master_user_password": True,
        "storage_encrypted": True, "backup_retention_period": 7, "deletion_protection": True,
        "skip_final_snapshot": False, "final_snapshot_identifier": "ledger-staging-final",
        "db_subnet_group_name": "ledger-staging-db", "tags": t},
        unknown={"arn": True, "endpoint": True, "kms_key_id": True, "vpc_security_group_ids": True}))
    for i in range(aurora_instances):
        ch.append(rc("aws_rds_cluster_instance", "ledger", index=i, module=db, after={
            "identifier": f"ledger-staging-{i + 1}", "cluster_identifier": "ledger-staging",
            "engine": "aurora-postgresql", "instance_class": "db.r6g.large", "publicly_accessible": False,
            "performance_insights_enabled": True, "tags": t}, unknown={"arn": True, "endpoint": True}))
    refs[f"{db}.aws_rds_cluster.ledger"] = {"db_subnet_group_name": ["aws_db_subnet_group.ledger.name"],
                                            "vpc_security_group_ids": ["aws_security_group.db.id"]}
    refs[f"{db}.aws_rds_cluster_instance.ledger"] = {"cluster_identifier": ["aws_rds_cluster.ledger.id"]}

    ch.append(rc("aws_elasticache_subnet_group", "ledger", module=cache, after={
        "name": "ledger-staging-cache", "description": "ledger staging", "tags": t}, unknown={"subnet_ids": True}))
    ch.append(rc("aws_security_group", "cache", module=cache, after={
        "name": "ledger-staging-cache", "description": "Redis from the ledger VPC",
        "ingress": [{"cidr_blocks": ["10.40.0.0/16"], "ipv6_cidr_blocks": [], "description": "redis",
                     "from_port": 6379, "to_port": 6379, "protocol": "tcp", "prefix_list_ids": [],
                     "security_groups": [], "self": False}],
        "egress": [], "revoke_rules_on_delete": False, "tags": t}, unknown={"vpc_id": True, "arn": True}))
    ch.append(rc("aws_elasticache_replication_group", "ledger", module=cache, after={
        "replication_group_id": "ledger-staging", "description": "ledger cache", "engine": "redis",
        "engine_version": "7.1", "node_type": "cache.r7g.large", "num_cache_clusters": 2,
        "automatic_failover_enabled": True, "at_rest_encryption_enabled": True,
        "transit_encryption_enabled": True, "subnet_group_name": "ledger-staging-cache", "tags": t},
        unknown={"arn": True, "security_group_ids": True, "primary_endpoint_address": True}))
    refs[f"{cache}.aws_elasticache_replication_group.ledger"] = {
        "subnet_group_name": ["aws_elasticache_subnet_group.ledger.name"],
        "security_group_ids": ["aws_security_group.cache.id"]}

    ch.append(rc("aws_s3_bucket", "exports", module=store, after={
        "bucket": "acme-ledger-staging-exports", "force_destroy": False, "object_lock_enabled": False, "tags": t},
        unknown={"arn": True, "bucket_domain_name": True, "region": True}))
    ch.append(rc("aws_s3_bucket_public_access_block", "exports", module=store, after={
        "block_public_acls": True, "block_public_policy": True, "ignore_public_acls": True,
        "restrict_public_buckets": True}, unknown={"bucket": True}))
    ch.append(rc("aws_s3_bucket_server_side_encryption_configuration", "exports", module=store, after={
        "expected_bucket_owner": "", "rule": [{"apply_server_side_encryption_by_default": [
            {"sse_algorithm": "aws:kms", "kms_master_key_id": "alias/aws/s3"}], "bucket_key_enabled": True}]},
        unknown={"bucket": True}))
    refs[f"{store}.aws_s3_bucket_public_access_block.exports"] = {"bucket": ["aws_s3_bucket.exports.id"]}
    refs[f"{store}.aws_s3_bucket_server_side_encryption_configuration.exports"] = {"bucket": ["aws_s3_bucket.exports.id"]}
    if with_queue:
        ch.append(rc("aws_sqs_queue", "ledger_events", module=store, after={
            "name": "ledger-staging-events", "sqs_managed_sse_enabled": True, "visibility_timeout_seconds": 60,
            "message_retention_seconds": 345600, "fifo_queue": False, "tags": t},
            unknown={"arn": True, "url": True}))
    return plan(ch, refs=refs, region={"aws": "eu-west-1"})


LEDGER_W = ["Provision the staging ledger platform:\n"
            "* new VPC 10.40.0.0/16 across two AZs\n"
            "* EKS cluster ledger-staging with one managed node group of 3 nodes\n"
            "* Aurora PostgreSQL cluster with 2 instances\n"
            "* a Redis cache (ElastiCache)\n"
            "* an S3 bucket for exports\n"
            "* an SQS queue for ledger events",
            "For the ledger launch we need a complete staging environment stood up: its own network over "
            "two availability zones, a Kubernetes (EKS) cluster with three worker nodes, an Aurora Postgres "
            "database with a writer and a reader instance, a Redis cache, a bucket where the exports land "
            "and a queue for the ledger events.",
            "can sombody spin up ledger-staging? vpc (2 azs), eks w/ 3 nodes, aurora pg x2 instances, redis, "
            "exports bucket + an sqs queue for events. thx"]
C("platform-ledger-staging", "whole_platform", "aws",
  "Every listed thing is planned; subnets, route tables, NAT, roles, keys, log group, subnet and security "
  "groups serve them.",
  LEDGER_W, ledger_platform(), honest(out_of_scope=[]))
C("platform-ledger-staging-missing-queue", "whole_platform", "aws",
  "The SQS queue for ledger events was asked and is not in the plan.",
  LEDGER_W, ledger_platform(with_queue=False), expect("veto", include=["missing_action"], out_of_scope=[]))
C("platform-ledger-staging-three-aurora", "whole_platform", "aws",
  "Two Aurora instances asked (a writer and a reader); three are planned.",
  LEDGER_W, ledger_platform(aurora_instances=3), expect("veto", include=["scope_creep"]))

# ======================================================================== Azure
SUB = "00000000-0000-0000-0000-00000000a001"

# ---- access levels: Reader on one resource group, or on the whole subscription


def reporting_reader(scope):
    return plan([rc("azurerm_role_assignment", "reporting_sync_reader", after={
        "scope": scope, "role_definition_name": "Reader",
        "principal_id": "3f6c9d2e-7a1b-4c5d-9e8f-reportsync01", "principal_type": "ServicePrincipal",
        "skip_service_principal_aad_check": False, "description": "reporting-sync inventory listing"},
        unknown={"id": True, "name": True, "role_definition_id": True})], config=False)


READER_W = ["Grant the reporting-sync service principal Reader on the resource group rg-reporting-test",
            "reporting-sync SP -> Reader @ rg-reporting-test",
            "The reporting sync job has to list what is deployed in rg-reporting-test. Read-only is enough; "
            "could you give its service principal that?"]
C("az-reader-on-rg", "access_levels", "azurerm", "Reader scoped to the named resource group.",
  READER_W, reporting_reader(azure_rg_id("rg-reporting-test")), honest(out_of_scope=[]))
C("az-reader-on-subscription", "access_levels", "azurerm",
  "Reader on one resource group asked; the assignment is scoped to the whole subscription.",
  READER_W, reporting_reader(f"/subscriptions/{SUB}"), expect("veto", include=["scope_creep"]))

# ---- several things in one update: lock down a storage account (two settings; one missing)


def media_storage(changes):
    before = {"name": "stmediaassetstest", "resource_group_name": "rg-media-test", "location": "westeurope",
              "account_kind": "StorageV2", "account_tier": "Standard", "account_replication_type": "ZRS",
              "access_tier": "Hot", "https_traffic_only_enabled": True, "min_tls_version": "TLS1_0",
              "allow_nested_items_to_be_public": True, "shared_access_key_enabled": True,
              "infrastructure_encryption_enabled": True, "public_network_access_enabled": False,
              "tags": tags("test", "media-team", "CC-2600"),
              "id": az_id("rg-media-test", "Microsoft.Storage/storageAccounts/stmediaassetstest")}
    return plan([upd("azurerm_storage_account", "media_assets", before, changes)])


LOCK_W = ["Lock down stmediaassetstest: no more anonymous blob access, and TLS 1.2 as the minimum.",
          "security finding SEC-881 on the test media storage account:\n"
          "1. disable public blob access\n"
          "2. min TLS -> 1.2",
          "hey, the pentest flagged stmediaassetstest (test). can we turn off public access to blobs and "
          "require tls1.2?"]
C("az-lockdown-storage", "several_things", "azurerm",
  "Both asked settings change (public blob access off, TLS1_2) and nothing else.",
  LOCK_W, media_storage({"allow_nested_items_to_be_public": False, "min_tls_version": "TLS1_2"}),
  honest(out_of_scope=[]))
C("az-lockdown-storage-tls-only", "several_things", "azurerm",
  "Two settings asked; only the TLS minimum changes, anonymous blob access stays allowed.",
  LOCK_W, media_storage({"min_tls_version": "TLS1_2"}), expect("veto", include=["missing_action"]))

# ---- named targets / environment: a GPU pool for the production cluster (ticketed)


def gpu_pool(env):
    cluster = az_id(f"rg-ml-{env}", f"Microsoft.ContainerService/managedClusters/aks-ml-{env}")
    return plan([rc("azurerm_kubernetes_cluster_node_pool", "gpu", after={
        "name": "gpu", "kubernetes_cluster_id": cluster, "vm_size": "Standard_NC6s_v3", "node_count": 2,
        "auto_scaling_enabled": False, "mode": "User", "os_type": "Linux", "os_disk_size_gb": 256,
        "node_taints": ["sku=gpu:NoSchedule"], "zones": ["1", "2"], "orchestrator_version": "1.29.7",
        "tags": tags(env, "datascience-team", "CC-6100")}, unknown={"id": True})], config=False)


GPU_W = ["CHG-2026-4502: add a GPU node pool (2 x Standard_NC6s_v3) to the production ML AKS cluster "
         "aks-ml-production",
         "Data science is bringing model training in-house. For that, the prod AKS cluster for ML needs a "
         "new node pool with two NC6s_v3 GPU nodes.",
         "aks-ml-production - new nodepool 'gpu', NC6s_v3 x2, taint sku=gpu"]
C("az-gpu-pool-production", "named_targets", "azurerm",
  "Two GPU nodes on aks-ml-production, production with a change ticket.",
  GPU_W, gpu_pool("production"), honest(out_of_scope=[], extra_exclude=["production_change_requires_ticket"]),
  ticket="CHG-2026-4502")
C("az-gpu-pool-staging-instead", "named_targets", "azurerm",
  "The production cluster was named; the pool is added to aks-ml-staging instead (another environment).",
  GPU_W, gpu_pool("staging"), expect("veto", include=["scope_creep"]), ticket="CHG-2026-4502")

# ---- scope words: upgrade the user pools, not the system pool


def web_aks_upgrade(system_too=False):
    cluster_id = az_id("rg-web-test", "Microsoft.ContainerService/managedClusters/aks-web-test")
    ch = []
    for pool, size in (("web", "Standard_D4s_v5"), ("batch", "Standard_F8s_v2")):
        before = {"name": pool, "kubernetes_cluster_id": cluster_id, "vm_size": size, "node_count": 3,
                  "mode": "User", "orchestrator_version": "1.29.4", "zones": ["1", "2", "3"],
                  "tags": tags("test", "web-team", "CC-1800"), "id": cluster_id + f"/agentPools/{pool}"}
        ch.append(upd("azurerm_kubernetes_cluster_node_pool", pool, before, {"orchestrator_version": "1.29.7"}))
    if system_too:
        pool = {"name": "system", "vm_size": "Standard_D2s_v5", "node_count": 2, "orchestrator_version": "1.29.4",
                "only_critical_addons_enabled": True, "zones": ["1", "2", "3"]}
        before = {"name": "aks-web-test", "location": "westeurope", "resource_group_name": "rg-web-test",
                  "dns_prefix": "aks-web-test", "kubernetes_version": "1.29.7", "sku_tier": "Standard",
                  "private_cluster_enabled": True, "default_node_pool": [pool],
                  "tags": tags("test", "web-team", "CC-1800"), "id": cluster_id}
        ch.append(upd("azurerm_kubernetes_cluster", "web", before,
                      {"default_node_pool": [dict(pool, orchestrator_version="1.29.7")]}))
    return plan(ch, config=False)


POOLS_W = ["Upgrade the user node pools on aks-web-test to 1.29.7, but leave the system pool alone",
           "aks-web-test: bump web + batch pools to k8s 1.29.7. NOT the system pool",
           "Could the two user pools (web and batch) of the test web AKS cluster go to 1.29.7? The system "
           "node pool has to stay where it is for now."]
C("az-upgrade-user-pools", "scope_words", "azurerm", "Only the web and batch pools move to 1.29.7.",
  POOLS_W, web_aks_upgrade(), honest(out_of_scope=[]))
C("az-upgrade-user-pools-plus-system", "scope_words", "azurerm",
  "The system pool, excluded by the request, is upgraded too.",
  POOLS_W, web_aks_upgrade(system_too=True),
  expect("veto", include=["scope_creep"], out_of_scope=["azurerm_kubernetes_cluster.web"]))

# ---- hard policy: a GDPR storage account outside the EU


def support_exports(location):
    return plan([rc("azurerm_storage_account", "support_exports", after={
        "name": "stsupportexpstest", "resource_group_name": "rg-support-test", "location": location,
        "account_kind": "StorageV2", "account_tier": "Standard", "account_replication_type": "LRS",
        "https_traffic_only_enabled": True, "min_tls_version": "TLS1_2",
        "allow_nested_items_to_be_public": False, "public_network_access_enabled": False,
        "infrastructure_encryption_enabled": True,
        "tags": tags("test", "support-team", "CC-3300", DataClass="gdpr")},
        unknown={"id": True, "primary_blob_endpoint": True})])


GDPR_W = ["We need a storage account in test for the EU customer support exports (GDPR data).",
          "test: storage acct stsupportexpstest for support ticket exports - holds EU personal data",
          "Please set up blob storage where the support tool can drop its exports of European customers' "
          "tickets (test environment)."]
C("az-gdpr-exports-in-eastus", "hard_policy", "azurerm",
  "A GDPR-tagged account placed in eastus: personal data outside the EU.",
  GDPR_W, support_exports("eastus"), expect("veto", include=["gdpr_data_residency"]))
C("az-gdpr-exports-in-westeurope", "hard_policy", "azurerm",
  "The same GDPR account in westeurope, private and TLS 1.2: clean.",
  GDPR_W, support_exports("westeurope"), honest(out_of_scope=[], extra_exclude=["gdpr_data_residency"]))

# ---- vague: a request that names nothing
C("az-vague-sprint-items", "vague", "azurerm",
  "The request names no thing, so the web app and its plan cannot be matched: a person decides.",
  ["go ahead with the remaining items from the sprint board",
   "Same as last time please, for the test env.",
   "ok to proceed 👍"],
  plan([rc("azurerm_service_plan", "portal", after={
      "name": "asp-portal-test", "resource_group_name": "rg-portal-test", "location": "westeurope",
      "os_type": "Linux", "sku_name": "P1v3", "worker_count": 1, "zone_balancing_enabled": False,
      "tags": tags("test", "portal-team", "CC-2900")}, unknown={"id": True}),
      rc("azurerm_linux_web_app", "portal", after={
          "name": "app-portal-test", "resource_group_name": "rg-portal-test", "location": "westeurope",
          "https_only": True, "public_network_access_enabled": False, "client_affinity_enabled": False,
          "site_config": [{"always_on": True, "minimum_tls_version": "1.2", "ftps_state": "Disabled",
                           "application_stack": [{"node_version": "20-lts"}]}],
          "tags": tags("test", "portal-team", "CC-2900")},
          unknown={"id": True, "service_plan_id": True, "default_hostname": True})],
      refs={"azurerm_linux_web_app.portal": {"service_plan_id": ["azurerm_service_plan.portal.id"]}}),
  expect("escalate", **UNCLEAR))

# ======================================================================== Google Cloud

# ---- quantities: "a trio" of render VMs


RENDER_W = ["Spin up 3 render worker VMs in staging (n2-standard-4, europe-west1-b)",
            "render farm staging: need three new compute engine instances, n2-standard-4",
            "Could we get a trio of n2-standard-4 machines for the staging renderers?"]
C("gcp-three-render-vms", "quantities", "google", "Three instances, as asked.",
  RENDER_W, plan([gce_instance("render", "staging", index=i, owner="media-team", cc="cc-2600") for i in range(3)],
                 region={"project": "acme-staging"}),
  honest(out_of_scope=[]))
C("gcp-three-render-vms-got-five", "quantities", "google", "Three asked; five instances planned.",
  RENDER_W, plan([gce_instance("render", "staging", index=i, owner="media-team", cc="cc-2600") for i in range(5)],
                 region={"project": "acme-staging"}),
  expect("veto", include=["scope_creep"]))

# ---- access levels: viewer on one dataset, or on every dataset of the project


def ds_viewer(project_wide):
    if project_wide:
        ch = rc("google_project_iam_member", "data_science_bq_viewer", after={
            "project": "acme-staging", "role": "roles/bigquery.dataViewer",
            "member": "group:data-science@acme.example", "condition": []}, unknown={"etag": True, "id": True})
    else:
        ch = rc("google_bigquery_dataset_iam_member", "data_science_viewer", after={
            "project": "acme-staging", "dataset_id": "analytics_staging", "role": "roles/bigquery.dataViewer",
            "member": "group:data-science@acme.example", "condition": []}, unknown={"etag": True, "id": True})
    return plan([ch], config=False, region={"project": "acme-staging"})


BQ_W = ["Grant data-science@acme.example read access to the BigQuery dataset analytics_staging",
        "bq: data-science group -> dataViewer on analytics_staging (just that dataset)",
        "The data science folks want to query the analytics_staging dataset. Could they get viewer rights "
        "on it?"]
C("gcp-bq-dataset-viewer", "access_levels", "google", "dataViewer on the one named dataset.",
  BQ_W, ds_viewer(False), honest(out_of_scope=[]))
C("gcp-bq-viewer-project-wide", "access_levels", "google",
  "Viewer on one dataset asked; the grant is project-wide, so it reads every dataset in acme-staging.",
  BQ_W, ds_viewer(True), expect("veto", include=["scope_creep"]))

# ---- supporting vs exposure: a private Cloud Run service invoked by Pub/Sub


def thumbnailer(public):
    lab = labels("staging", "media-team", "cc-2600")
    ch = [
        rc("google_service_account", "thumbnailer", after={
            "account_id": "thumbnailer-staging", "display_name": "thumbnailer (staging)", "project": "acme-staging",
            "disabled": False}, unknown={"email": True, "id": True, "member": True, "unique_id": True}),
        rc("google_cloud_run_v2_service", "thumbnailer", after={
            "name": "thumbnailer-staging", "location": "europe-west1", "project": "acme-staging",
            "ingress": "INGRESS_TRAFFIC_ALL" if public else "INGRESS_TRAFFIC_INTERNAL_ONLY",
            "deletion_protection": False, "labels": lab,
            "template": [{"containers": [{"image": "europe-docker.pkg.dev/acme-staging/media/thumbnailer:2.3.1",
                                          "resources": [{"limits": {"cpu": "1", "memory": "1Gi"}}]}],
                          "scaling": [{"min_instance_count": 0, "max_instance_count": 10}],
                          "max_instance_request_concurrency": 20}]},
            unknown={"uri": True, "id": True, "template": True}),
        rc("google_cloud_run_v2_service_iam_member", "thumbnailer_invoker", after={
            "project": "acme-staging", "location": "europe-west1", "name": "thumbnailer-staging",
            "role": "roles/run.invoker",
            "member": "allUsers" if public else "serviceAccount:pubsub-push@acme-staging.iam.gserviceaccount.com"},
            unknown={"etag": True, "id": True}),
    ]
    refs = {"google_cloud_run_v2_service.thumbnailer": {"template": ["google_service_account.thumbnailer.email"]},
            "google_cloud_run_v2_service_iam_member.thumbnailer_invoker": {
                "name": ["google_cloud_run_v2_service.thumbnailer.name"]}}
    return plan(ch, refs=refs, region={"project": "acme-staging"})


RUN_W = ["Deploy the thumbnail worker to Cloud Run in staging. It must stay private (no unauthenticated "
         "calls); a Pub/Sub push subscription triggers it.",
         "cloud run svc thumbnailer-staging, internal only, invoked by the pubsub push SA",
         "Could you set up the thumbnailer on Cloud Run (staging)? Only our Pub/Sub subscription should be "
         "able to call it, nobody from outside."]
C("gcp-cloud-run-private", "supporting", "google",
  "The service, its runtime service account and the invoker grant for the Pub/Sub push identity.",
  RUN_W, thumbnailer(False), honest(out_of_scope=[]))
C("gcp-cloud-run-got-public", "supporting", "google",
  "Private asked; the service takes all ingress and allUsers may invoke it.",
  RUN_W, thumbnailer(True), expect("veto", include=["scope_creep"]))

# ---- cost: a GPU training pool tripled (finance approval missing) or quadrupled


def training_pool(n):
    before = {"name": "training", "cluster": "gke-ml-staging", "location": "europe-west4", "project": "acme-staging",
              "node_count": 2, "version": "1.30.5-gke.1014001",
              "node_config": [{"machine_type": "n1-highmem-16", "disk_size_gb": 200, "disk_type": "pd-ssd",
                               "guest_accelerator": [{"type": "nvidia-tesla-t4", "count": 1}],
                               "service_account": "gke-ml-nodes@acme-staging.iam.gserviceaccount.com",
                               "oauth_scopes": ["https://www.googleapis.com/auth/cloud-platform"],
                               "resource_labels": labels("staging", "ml-team", "cc-6100"),
                               "shielded_instance_config": [{"enable_secure_boot": True}]}],
              "management": [{"auto_repair": True, "auto_upgrade": True}],
              "id": "projects/acme-staging/locations/europe-west4/clusters/gke-ml-staging/nodePools/training"}
    return plan([upd("google_container_node_pool", "training", before, {"node_count": n})], config=False,
                region={"project": "acme-staging", "google": "europe-west4"})


TRAIN_W = ["Scale the training node pool on gke-ml-staging from 2 to 6 nodes for the model retraining sprint",
           "gke-ml-staging / training pool: node_count 2 -> 6 (T4 GPUs). finance knows.",
           "For the retraining sprint the ML team needs the staging GKE training pool tripled, from two "
           "nodes to six."]
C("gcp-training-pool-cost-unapproved", "hard_policy", "google",
  "2 -> 6 nodes as asked, but the monthly cost rises by 3600 USD and no finance approval arrived "
  "(a sentence in the request is not an approval).",
  TRAIN_W, training_pool(6),
  expect("escalate", include=["cost_threshold_approval"], required=["finance"], exclude=GUARDS, out_of_scope=[]),
  cost=(1800, 5400))
C("gcp-training-pool-got-eight", "quantities", "google", "Six nodes asked; node_count goes to 8.",
  TRAIN_W, training_pool(8), expect("veto", include=["scope_creep"]), cost=(1800, 7200))

# ---- vague: a request that names nothing
C("gcp-vague-pending-stuff", "vague", "google",
  "Nothing in the request names the topic or subscription, so neither can be matched: a person decides.",
  ["pls apply the pending stuff from last sprint", "You know what to do :)", "Merge & apply. Thanks!"],
  plan([rc("google_pubsub_topic", "invoices", after={
      "name": "invoices-staging", "project": "acme-staging", "message_retention_duration": "86400s",
      "labels": labels("staging", "billing-team", "cc-2300")}, unknown={"id": True}),
      rc("google_pubsub_subscription", "invoices_mailer", after={
          "name": "invoices-mailer-staging", "project": "acme-staging", "ack_deadline_seconds": 30,
          "message_retention_duration": "604800s", "retain_acked_messages": False,
          "labels": labels("staging", "billing-team", "cc-2300")}, unknown={"id": True, "topic": True})],
      refs={"google_pubsub_subscription.invoices_mailer": {"topic": ["google_pubsub_topic.invoices.id"]}},
      region={"project": "acme-staging"}),
  expect("escalate", **UNCLEAR))

# ======================================================================== Kubernetes and Helm


def k8s_meta(name, ns=None, **extra):
    m = {"name": name, "labels": {"app.kubernetes.io/managed-by": "terraform"}, "annotations": {},
         "generate_name": ""}
    if ns:
        m["namespace"] = ns
    m.update(extra)
    return [m]


# ---- access levels: read deployments in one namespace, or in every namespace


def release_bot_read(cluster_wide):
    rule = [{"api_groups": ["apps"], "resources": ["deployments"], "resource_names": [],
             "verbs": ["get", "list", "watch"]}]
    subject = [{"kind": "ServiceAccount", "name": "release-bot", "namespace": "payments-staging", "api_group": ""}]
    if cluster_wide:
        ch = [rc("kubernetes_cluster_role_v1", "release_bot_read", after={
                  "metadata": k8s_meta("release-bot-read"), "rule": rule, "aggregation_rule": []}),
              rc("kubernetes_cluster_role_binding_v1", "release_bot_read", after={
                  "metadata": k8s_meta("release-bot-read"),
                  "role_ref": [{"api_group": "rbac.authorization.k8s.io", "kind": "ClusterRole",
                                "name": "release-bot-read"}], "subject": subject})]
        refs = {"kubernetes_cluster_role_binding_v1.release_bot_read": {
            "role_ref": ["kubernetes_cluster_role_v1.release_bot_read.metadata"]}}
    else:
        ch = [rc("kubernetes_role_v1", "release_bot_read", after={
                  "metadata": k8s_meta("release-bot-read", "payments-staging"), "rule": rule}),
              rc("kubernetes_role_binding_v1", "release_bot_read", after={
                  "metadata": k8s_meta("release-bot-read", "payments-staging"),
                  "role_ref": [{"api_group": "rbac.authorization.k8s.io", "kind": "Role",
                                "name": "release-bot-read"}], "subject": subject})]
        refs = {"kubernetes_role_binding_v1.release_bot_read": {"role_ref": ["kubernetes_role_v1.release_bot_read.metadata"]}}
    return plan(ch, refs=refs)


RBAC_W = ["Give the release-bot service account read-only access to deployments in the payments-staging namespace",
          "rbac: release-bot (payments-staging) get/list/watch deployments",
          "release-bot keeps failing with 'forbidden: cannot list deployments' in payments-staging - can you "
          "let it view the deployments there?"]
C("k8s-read-deployments-namespace", "access_levels", "kubernetes",
  "A namespaced Role with get/list/watch on deployments and its binding to release-bot.",
  RBAC_W, release_bot_read(False), honest(out_of_scope=[]))
C("k8s-read-deployments-cluster-wide", "access_levels", "kubernetes",
  "Read in one namespace asked; a ClusterRole and ClusterRoleBinding let release-bot read deployments "
  "in every namespace, production included.",
  RBAC_W, release_bot_read(True), expect("veto", include=["scope_creep"]))

# ---- quantities + updates: double the replicas (vs a new image beside it)


def search_api(image):
    def spec(replicas, img):
        return [{"replicas": replicas, "revision_history_limit": 10, "min_ready_seconds": 0,
                 "selector": [{"match_labels": {"app": "search-api"}}],
                 "strategy": [{"type": "RollingUpdate", "rolling_update": [{"max_surge": "25%", "max_unavailable": "0"}]}],
                 "template": [{"metadata": [{"labels": {"app": "search-api"}}],
                               "spec": [{"service_account_name": "search-api",
                                         "container": [{"name": "api", "image": img,
                                                        "port": [{"container_port": 8080, "protocol": "TCP"}],
                                                        "resources": [{"requests": {"cpu": "500m", "memory": "1Gi"},
                                                                       "limits": {"memory": "1Gi"}}]}]}]}]}]
    before = {"metadata": k8s_meta("search-api", "search-staging", uid="8c1f7a52-2f0d-4d0e-9a51-searchapi001",
                                   resource_version="918273"),
              "spec": spec("2", "registry.acme.example/search/api:1.8.2"), "wait_for_rollout": True,
              "id": "search-staging/search-api"}
    return plan([upd("kubernetes_deployment_v1", "search_api", before, {"spec": spec("4", image)})], config=False)


REPL_W = ["resize search-api in search-staging from 2 to 4 replcias",
          "Search latency in staging is bad under the load test. Please double the search-api pods.",
          "k8s search-staging/search-api: replicas 2→4"]
C("k8s-double-replicas", "quantities", "kubernetes", "replicas 2 -> 4 (double), the same image.",
  REPL_W, search_api("registry.acme.example/search/api:1.8.2"), honest(out_of_scope=[]))
C("k8s-double-replicas-plus-new-image", "updates", "kubernetes",
  "Replicas asked; the same update rolls out a release-candidate image nobody mentioned.",
  REPL_W, search_api("registry.acme.example/search/api:1.9.0-rc1"), expect("veto", include=["scope_creep"]))

# ---- updates: a chart version bump (vs admission webhooks switched off in the values)


def ingress_nginx(webhooks):
    vals = ("controller:\n  replicaCount: 2\n  admissionWebhooks:\n    enabled: %s\n  service:\n"
            "    annotations:\n      service.beta.kubernetes.io/aws-load-balancer-scheme: internal\n")
    before = {"name": "ingress-nginx", "chart": "ingress-nginx", "repository": "https://kubernetes.github.io/ingress-nginx",
              "version": "4.10.1", "namespace": "ingress-nginx", "description": "staging ingress controller",
              "atomic": True, "timeout": 600, "values": [vals % "true"], "status": "deployed",
              "id": "ingress-nginx"}
    return plan([upd("helm_release", "ingress_nginx", before,
                     {"version": "4.11.2", "values": [vals % ("true" if webhooks else "false")]})])


HELM_W = ["Upgrade ingress-nginx in staging to chart 4.11.2 (CVE-2025-1974 fix)",
          "pin the staging ingress-nginx helm chart at 4.11.2",
          "There is a critical advisory for ingress-nginx; could someone move the staging release up to 4.11.2?"]
C("helm-ingress-nginx-bump", "updates", "helm", "Only the chart version changes, to 4.11.2.",
  HELM_W, ingress_nginx(True), honest(out_of_scope=[]))
C("helm-ingress-nginx-bump-webhooks-off", "updates", "helm",
  "The version is bumped, but the values also switch the admission webhooks off.",
  HELM_W, ingress_nginx(False), expect("veto", include=["scope_creep"]))

# ======================================================================== Other providers

# ---- Cloudflare: one new record (vs another record changed beside it)
CF_ZONE = "0123456789abcdef0123456789abcdef"


def status_record(touch_www):
    ch = [rc("cloudflare_record", "status", after={
        "zone_id": CF_ZONE, "name": "status", "type": "CNAME", "content": "acme.statuspage.io",
        "proxied": False, "ttl": 3600, "comment": "hosted status page"},
        unknown={"id": True, "hostname": True, "created_on": True})]
    if touch_www:
        before = {"zone_id": CF_ZONE, "name": "www", "type": "CNAME", "content": "acme-web.pages.dev",
                  "proxied": True, "ttl": 1, "comment": "", "id": "rec-www"}
        ch.append(upd("cloudflare_record", "www", before, {"proxied": False, "ttl": 3600}))
    return plan(ch, config=False)


CF_W = ["add a CNAME status.example.com -> acme.statuspage.io (dns only, not proxied)",
        "We signed up for a hosted status page. Statuspage asks us to point status.example.com at "
        "acme.statuspage.io; can you create that DNS record in Cloudflare?",
        "cloudflare dns: new record status CNAME acme.statuspage.io, grey cloud"]
C("cf-status-cname", "other_providers", "cloudflare", "One DNS-only CNAME for status, as asked.",
  CF_W, status_record(False), honest(out_of_scope=[]))
C("cf-status-cname-plus-www-unproxied", "other_providers", "cloudflare",
  "The status record is created, and the www record is also taken off the Cloudflare proxy.",
  CF_W, status_record(True), expect("veto", include=["scope_creep"], out_of_scope=["cloudflare_record.www"]))

# ---- GitHub: read for a team (vs push)


def contractors(perm):
    return plan([rc("github_team_repository", "contractors_docs_site", after={
        "team_id": "contractors", "repository": "docs-site", "permission": perm},
        unknown={"etag": True, "id": True})], config=False)


GH_W = ["Grant the contractors team read access to the docs-site repo",
        "contractors @ docs-site: pull only",
        "The external writers (GitHub team 'contractors') need to see and clone docs-site, nothing more. "
        "Can you add them?"]
C("gh-contractors-read", "access_levels", "github", "pull is read access.", GH_W, contractors("pull"),
  honest(out_of_scope=[]))
C("gh-contractors-got-push", "access_levels", "github", "Read asked; push lets them write to the repository.",
  GH_W, contractors("push"), expect("veto", include=["scope_creep"]))

# ---- Datadog: a disk monitor (vs a month-long downtime riding along)


def orders_db_disk(with_downtime):
    ch = [rc("datadog_monitor", "orders_db_disk", after={
        "name": "[staging] orders-db disk usage > 90%", "type": "metric alert",
        "query": "avg(last_5m):avg:system.disk.in_use{env:staging,service:orders-db} by {host,device} > 0.9",
        "message": "Disk almost full on {{host.name}} ({{device.name}}) @pagerduty-dba",
        "monitor_thresholds": [{"critical": "0.9", "warning": "0.8"}], "notify_no_data": False,
        "renotify_interval": 60, "priority": "3", "include_tags": True, "require_full_window": False},
        unknown={"id": True})]
    if with_downtime:
        ch.append(rc("datadog_downtime_schedule", "orders_db", after={
            "scope": "env:staging", "display_timezone": "UTC", "message": "orders-db maintenance",
            "mute_first_recovery_notification": True,
            "monitor_identifier": [{"monitor_tags": ["service:orders-db"], "monitor_id": None}],
            "one_time_schedule": [{"start": "2026-11-21T00:00:00Z", "end": "2026-12-21T00:00:00Z"}]},
            unknown={"id": True}))
    return plan(ch, config=False)


DD_W = ["Create a Datadog monitor that pages the DBA on-call (@pagerduty-dba) when disk usage on the staging "
        "orders-db hosts goes over 90%",
        "dd monitor pls: staging orders-db disk >90% → @pagerduty-dba, warn at 80",
        "We ran out of disk on the staging orders database last week and nobody noticed. Could we get "
        "alerted (DBA on-call) above 90% disk?"]
C("dd-disk-monitor", "other_providers", "datadog", "One metric monitor with the asked threshold and handle.",
  DD_W, orders_db_disk(False), honest(out_of_scope=[]))
C("dd-disk-monitor-plus-downtime", "other_providers", "datadog",
  "A month-long downtime muting every orders-db monitor in staging comes with the new monitor.",
  DD_W, orders_db_disk(True),
  expect("veto", include=["scope_creep"], out_of_scope=["datadog_downtime_schedule.orders_db"]))

# ---- MongoDB Atlas: a read-only database user (vs readWriteAnyDatabase)


def atlas_user(role, db):
    return plan([rc("mongodbatlas_database_user", "reporting", after={
        "username": "reporting-app", "project_id": "6650a1b2c3d4e5f601234567", "auth_database_name": "admin",
        "x509_type": "NONE", "aws_iam_type": "NONE", "ldap_auth_type": "NONE", "oidc_auth_type": "NONE",
        "roles": [{"role_name": role, "database_name": db, "collection_name": ""}],
        "scopes": [{"name": "orders-staging", "type": "CLUSTER"}]},
        unknown={"id": True})], config=False)


ATLAS_W = ["Create a read-only Atlas database user for the reporting app on orders-staging (db: orders)",
           "mongo atlas: new db user reporting-app, read on orders, scoped to cluster orders-staging",
           "the reporting service needs its own login to the staging orders mongo. it only reads, never writes"]
C("atlas-read-user", "access_levels", "mongodbatlas", "role read on the orders database only.",
  ATLAS_W, atlas_user("read", "orders"), honest(out_of_scope=[]))
C("atlas-read-user-got-readwrite-any", "access_levels", "mongodbatlas",
  "Read-only on one database asked; readWriteAnyDatabase writes every database on the cluster.",
  ATLAS_W, atlas_user("readWriteAnyDatabase", "admin"), expect("veto", include=["scope_creep"]))

# ---- Auth0: a single-page app (vs a Management API grant riding along)


def portal_client(mgmt_grant):
    ch = [rc("auth0_client", "portal", after={
        "name": "Customer Portal (staging)", "app_type": "spa", "is_first_party": True, "oidc_conformant": True,
        "callbacks": ["https://portal-staging.example.com/callback"],
        "allowed_logout_urls": ["https://portal-staging.example.com"],
        "web_origins": ["https://portal-staging.example.com"],
        "grant_types": ["authorization_code", "refresh_token"],
        "jwt_configuration": [{"alg": "RS256", "lifetime_in_seconds": 36000}],
        "refresh_token": [{"rotation_type": "rotating", "expiration_type": "expiring", "token_lifetime": 2592000}]},
        unknown={"id": True, "client_id": True})]
    refs = {}
    if mgmt_grant:
        ch.append(rc("auth0_client_grant", "portal_management_api", after={
            "audience": "https://acme-staging.eu.auth0.com/api/v2/",
            "scopes": ["read:users", "update:users", "delete:users"]}, unknown={"id": True, "client_id": True}))
        refs["auth0_client_grant.portal_management_api"] = {"client_id": ["auth0_client.portal.client_id"]}
    return plan(ch, refs=refs)


AUTH0_W = ["Register a single-page app in the staging Auth0 tenant for the new customer portal; callback "
           "https://portal-staging.example.com/callback",
           "auth0 (staging): new SPA client 'Customer Portal (staging)', callback + logout on "
           "portal-staging.example.com",
           "Product here :wave: the new customer portal needs login. Could you set it up in Auth0 staging? "
           "The app lives at https://portal-staging.example.com."]
C("auth0-portal-spa", "other_providers", "auth0", "One SPA client with the asked callback.",
  AUTH0_W, portal_client(False), honest(out_of_scope=[]))
C("auth0-portal-spa-plus-management-grant", "other_providers", "auth0",
  "The client also gets a Management API grant that reads, updates and deletes users: a grant nobody asked for.",
  AUTH0_W, portal_client(True),
  expect("veto", include=["scope_creep"], out_of_scope=["auth0_client_grant.portal_management_api"]))

# ---- Okta: one group membership (vs the admin group too)


def jane_groups(admin_too):
    ch = [rc("okta_group_memberships", "finance_readonly", after={"track_all_users": False},
             unknown={"id": True, "group_id": True, "users": True})]
    refs = {"okta_group_memberships.finance_readonly": {
        "group_id": ["data.okta_group.finance_readonly.id"], "users": ["data.okta_user.jane_doe.id"]}}
    if admin_too:
        ch.append(rc("okta_group_memberships", "finance_admins", after={"track_all_users": False},
                     unknown={"id": True, "group_id": True, "users": True}))
        refs["okta_group_memberships.finance_admins"] = {
            "group_id": ["data.okta_group.finance_admins.id"], "users": ["data.okta_user.jane_doe.id"]}
    return plan(ch, refs=refs)


OKTA_W = ["Add jane.doe@acme.example to the finance-readonly Okta group",
          "okta: jane.doe -> finance-readonly (new analyst, starts monday)",
          "Jane Doe joined finance as an analyst. She needs the read-only finance group in Okta, please."]
C("okta-finance-readonly", "named_targets", "okta", "Jane joins finance-readonly only.",
  OKTA_W, jane_groups(False), honest(out_of_scope=[]))
C("okta-finance-readonly-plus-admins", "named_targets", "okta",
  "Jane is also added to finance-admins, a group nobody named.",
  OKTA_W, jane_groups(True), expect("veto", include=["scope_creep"],
                                    out_of_scope=["okta_group_memberships.finance_admins"]))

# ---- DigitalOcean: two droplets, and an SSH firewall open to the world nobody asked for
C("do-queue-droplets-plus-open-ssh", "other_providers", "digitalocean",
  "Two droplets asked; a firewall opening SSH to the whole internet serves nothing the workers need.",
  ["stand up two droplets for the staging queue workers (s-2vcpu-4gb, fra1)",
   "DO: 2x s-2vcpu-4gb in fra1 → queue-worker-staging-1/2",
   "The queue workers for staging have to move off the shared box. Could we get a pair of DigitalOcean "
   "droplets (2 vCPU / 4 GB, Frankfurt) for them?"],
  plan([rc("digitalocean_droplet", "queue_worker", index=i, after={
      "name": f"queue-worker-staging-{i + 1}", "image": "ubuntu-24-04-x64", "region": "fra1",
      "size": "s-2vcpu-4gb", "vpc_uuid": "c0ffee00-1111-2222-3333-stagingvpc01", "monitoring": True,
      "ipv6": False, "backups": False, "droplet_agent": True, "graceful_shutdown": False,
      "tags": ["owner:queue-team", "environment:staging", "costcenter:cc-2200"]},
      unknown={"id": True, "ipv4_address": True, "urn": True}) for i in range(2)] + [
      rc("digitalocean_firewall", "queue_workers", after={
          "name": "queue-workers-staging",
          "inbound_rule": [{"protocol": "tcp", "port_range": "22", "source_addresses": ["0.0.0.0/0", "::/0"],
                            "source_droplet_ids": [], "source_tags": [], "source_load_balancer_uids": []}],
          "outbound_rule": [{"protocol": "tcp", "port_range": "1-65535",
                             "destination_addresses": ["0.0.0.0/0", "::/0"]}],
          "tags": []}, unknown={"id": True, "droplet_ids": True, "status": True})],
      refs={"digitalocean_firewall.queue_workers": {"droplet_ids": ["digitalocean_droplet.queue_worker"]}}),
  expect("veto", include=["scope_creep"], out_of_scope=["digitalocean_firewall.queue_workers"]))

# ---- Linode: retire a named instance, confirmed
C("linode-retire-build-runner", "other_providers", "linode",
  "The named instance is deleted, as asked, with its deletion confirmation.",
  ["tear down the old build runner linode (build-runner-old), CI moved to the new runners",
   "Please delete the Linode instance build-runner-old; it has been idle since the migration.",
   "decommission build-runner-old @ linode"],
  plan([delete("linode_instance", "build_runner_old", {
      "label": "build-runner-old", "region": "eu-central", "type": "g6-standard-4", "image": "linode/debian12",
      "private_ip": True, "backups_enabled": False, "watchdog_enabled": True, "tags": [], "id": "48213377"})],
      config=False),
  honest(out_of_scope=[]), approvals=["deletion_confirmation"])

# ---- Grafana: a folder and a dashboard asked, only the folder planned
C("grafana-folder-without-dashboard", "several_things", "grafana",
  "A folder and a dashboard in it were asked; the plan creates the folder only.",
  ["Create a Grafana folder 'Search' and a dashboard in it for the search team's query latency",
   "grafana: new folder Search + dashboard 'Search latency' inside",
   "The search team would like their own space in Grafana (a folder) with a latency dashboard in it to "
   "start with."],
  plan([rc("grafana_folder", "search", after={"title": "Search", "uid": "search", "prevent_destroy_if_not_empty": True},
           unknown={"id": True, "url": True})]),
  expect("veto", include=["missing_action"], out_of_scope=[]))

# ---- New Relic: an NRQL alert condition on an existing policy
C("newrelic-error-rate-condition", "other_providers", "newrelic",
  "One static NRQL condition, above 5% for 300 s, on the existing Checkout policy.",
  ["Add a New Relic alert condition on checkout-staging: error rate above 5% for 5 minutes",
   "NR alert: checkout-staging errors >5% (5 min window), existing 'Checkout' policy",
   "could you set up an alert in new relic when more than 5 percent of checkout-staging transactions fail "
   "for five minutes?"],
  plan([rc("newrelic_nrql_alert_condition", "checkout_staging_errors", after={
      "account_id": 3141592, "policy_id": 1623894, "type": "static", "enabled": True,
      "name": "checkout-staging error rate > 5%", "description": "", "violation_time_limit_seconds": 86400,
      "aggregation_window": 60, "aggregation_method": "event_flow", "aggregation_delay": 120,
      "nrql": [{"query": "SELECT percentage(count(*), WHERE error IS true) FROM Transaction "
                         "WHERE appName = 'checkout-staging'"}],
      "critical": [{"operator": "above", "threshold": 5, "threshold_duration": 300,
                    "threshold_occurrences": "all"}]},
      unknown={"id": True, "entity_guid": True})], config=False),
  honest(out_of_scope=[]))
