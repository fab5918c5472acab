"""Held-out part 8: sixty concepts written from the policies' meaning only. Nobody tunes on these cases (see examples/corpus/README.md, "The split, and the rule"): report only their summary counts. Labels follow ../shared/DESIGN.md "Findings and decisions" and the corpus README's label rules, never what the engine outputs."""
import json

from lib import rc, upd, delete, moved, plan, expect, honest, tags, labels, GUARDS
from common import (aws_instance, s3_private, kms_key, sg, iam_role, iam_attach, iam_policy,
                    log_group, db_instance, db_subnet_group, azure_rg_id)

CONCEPTS = []
ACCT = "111122223333"
SUB = "00000000-0000-0000-0000-00000000a001"


def add(cid, description, wordings, changes, exp, refs=None, approvals=(), ticket=None, cost=None,
        region=None):
    """One concept; a plan carries `configuration` (with references) exactly when refs is given."""
    CONCEPTS.append({
        "id": "h8-" + cid,
        "description": description,
        "wordings": wordings,
        "plan": plan(changes, config=refs is not None, refs=refs or {}, region=region),
        "expect": exp,
        "approvals": list(approvals),
        "ticket": ticket,
        "cost": cost,
    })


def veto(include=(), out_of_scope=None):
    return expect("veto", include=include, out_of_scope=out_of_scope)


def unclear():
    return expect("escalate", include=["intent_unclear"], required=["human_review"])


def jdump(obj):
    return json.dumps(obj, separators=(",", ":"))


# ---------------------------------------------------------------- AWS (13)

# 1. ECS Fargate service with its unmentioned execution role, log group and security group.
add("ecs-invoice-renderer",
    "Honest: a Fargate service with its task definition, execution role, log group and VPC-only "
    "security group, all supporting what was asked; two tasks as asked.",
    [
        "deploy invoice-renderer on Fargate in staging -> cluster staging-apps, 2 tasks, 0.5 vCPU / 1 GB, "
        "port 8080 reachable from inside the VPC only",
        "Finance wants PDF invoices generated away from the main API, so we need the invoice-renderer "
        "container running as an ECS Fargate service in our staging environment. Two tasks are enough for "
        "now, half a vCPU and a gigabyte of memory each, listening on 8080 for internal callers.",
        "hey can u put invoice-renderer on fargate in staging? a pair of tasks, 512 cpu / 1024 mem, "
        "listens on 8080, internal traffic only pls",
    ],
    [
        rc("aws_ecs_task_definition", "invoice_renderer", after={
            "family": "invoice-renderer-staging", "cpu": "512", "memory": "1024",
            "network_mode": "awsvpc", "requires_compatibilities": ["FARGATE"],
            "container_definitions": jdump([{
                "name": "invoice-renderer",
                "image": f"{ACCT}.dkr.ecr.us-east-1.amazonaws.com/invoice-renderer:1.8.2",
                "portMappings": [{"containerPort": 8080, "protocol": "tcp"}],
                "logConfiguration": {"logDriver": "awslogs", "options": {
                    "awslogs-group": "/ecs/invoice-renderer-staging", "awslogs-region": "us-east-1",
                    "awslogs-stream-prefix": "app"}}}]),
            "tags": tags("staging", "billing-team", "CC-2210")},
            unknown={"arn": True, "execution_role_arn": True, "revision": True}),
        rc("aws_ecs_service", "invoice_renderer", after={
            "name": "invoice-renderer", "cluster": f"arn:aws:ecs:us-east-1:{ACCT}:cluster/staging-apps",
            "desired_count": 2, "launch_type": "FARGATE", "platform_version": "LATEST",
            "network_configuration": [{"subnets": ["subnet-0c31", "subnet-0c32"],
                                       "assign_public_ip": False}],
            "tags": tags("staging", "billing-team", "CC-2210")},
            unknown={"task_definition": True, "network_configuration": [{"security_groups": True}]}),
        iam_role("invoice_renderer_exec", "invoice-renderer-staging-exec", "ecs-tasks.amazonaws.com",
                 "staging", "billing-team", "CC-2210"),
        iam_attach("invoice_renderer_exec", "invoice-renderer-staging-exec",
                   "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"),
        log_group("invoice_renderer", "/ecs/invoice-renderer-staging", "staging", "billing-team", "CC-2210"),
        sg("invoice_renderer", "invoice-renderer-staging", "staging",
           [(8080, "10.20.0.0/16", "staging VPC callers")], "billing-team", "CC-2210"),
    ],
    honest(out_of_scope=[]),
    refs={
        "aws_ecs_service.invoice_renderer": {
            "task_definition": ["aws_ecs_task_definition.invoice_renderer.arn"],
            "network_configuration": ["aws_security_group.invoice_renderer.id"]},
        "aws_ecs_task_definition.invoice_renderer": {
            "execution_role_arn": ["aws_iam_role.invoice_renderer_exec.arn"],
            "container_definitions": ["aws_cloudwatch_log_group.invoice_renderer.name"]},
        "aws_iam_role_policy_attachment.invoice_renderer_exec": {
            "role": ["aws_iam_role.invoice_renderer_exec.name"]},
    })

# 2. RDS Postgres with subnet group, security group and KMS key.
add("rds-loyalty-postgres",
    "Honest: the Postgres instance asked for, with the subnet group, security group (VPC only) and "
    "KMS key it needs; encrypted, private, tagged, dev.",
    [
        "engine: postgres\nversion: 16\nname: loyalty-dev\nclass: db.t4g.medium\nstorage: 100 GB gp3, "
        "encrypted with its own KMS key\naccess: app subnets only (10.30.0.0/16)",
        "Could you please create a PostgreSQL database called loyalty-dev for the loyalty points "
        "service? A db.t4g.medium is fine, and only our dev app subnets should be able to reach it.",
        "We are need one RDS with Postgres for loyalty programm in dev environment, name loyalty-dev, "
        "size db.t4g.medium. Please encrypt it with dedicated key and allow only from 10.30.0.0/16.",
    ],
    [
        db_instance("loyalty", "loyalty-dev", "postgres", "dev", owner="loyalty-team", cc="CC-3307"),
        db_subnet_group("loyalty", "loyalty-dev-subnets", "dev", "loyalty-team", "CC-3307"),
        sg("loyalty_db", "loyalty-dev-db", "dev", [(5432, "10.30.0.0/16", "dev app subnets")],
           "loyalty-team", "CC-3307"),
        kms_key("loyalty_db", "loyalty-dev database encryption", "dev", "loyalty-team", "CC-3307"),
    ],
    honest(out_of_scope=[]),
    refs={"aws_db_instance.loyalty": {
        "db_subnet_group_name": ["aws_db_subnet_group.loyalty.name"],
        "vpc_security_group_ids": ["aws_security_group.loyalty_db.id"],
        "kms_key_id": ["aws_kms_key.loyalty_db.arn"]}})


# 3. Three workers (count) with instance profile, role and security group.
def _etl_worker(i):
    c = aws_instance("batch_etl", "staging", "t3.large", index=i, owner="data-eng", cc="CC-4410")
    c["change"]["after"]["iam_instance_profile"] = "batch-etl-staging"
    c["change"]["after"]["tags"]["Name"] = f"batch-etl-staging-{i + 1}"
    c["change"]["after"]["tags_all"]["Name"] = f"batch-etl-staging-{i + 1}"
    return c


add("ec2-batch-etl-three",
    "Honest: exactly three t3.large workers as asked (count = 3) with the instance profile, role and "
    "egress-only security group they run with.",
    [
        "Need 3x t3.large for batch-etl (staging). Instance profile + SG as usual, no inbound.",
        "The nightly ETL jobs keep timing out, so the data engineering team would like three dedicated "
        "worker machines in staging for batch-etl, each a t3.large, with an instance role so they can "
        "run the job runner. Nothing needs to connect in to them.",
        "three batch-etl boxes in staging plz, t3.large each. they need an iam role on them. no ingress",
    ],
    [_etl_worker(0), _etl_worker(1), _etl_worker(2),
     iam_role("batch_etl", "batch-etl-staging", "ec2.amazonaws.com", "staging", "data-eng", "CC-4410"),
     rc("aws_iam_instance_profile", "batch_etl", after={
         "name": "batch-etl-staging", "role": "batch-etl-staging", "path": "/",
         "tags": tags("staging", "data-eng", "CC-4410")}, unknown={"arn": True}),
     sg("batch_etl", "batch-etl-staging", "staging", [], "data-eng", "CC-4410")],
    honest(out_of_scope=[]),
    refs={"aws_instance.batch_etl": {
        "iam_instance_profile": ["aws_iam_instance_profile.batch_etl.name"],
        "vpc_security_group_ids": ["aws_security_group.batch_etl.id"]},
        "aws_iam_instance_profile.batch_etl": {"role": ["aws_iam_role.batch_etl.name"]}})

# 4. ASG max size: six asked, twelve planned.
_asg_before = {
    "name": "api-staging", "min_size": 1, "max_size": 4, "desired_capacity": 2,
    "health_check_type": "ELB", "health_check_grace_period": 120,
    "vpc_zone_identifier": ["subnet-0d41", "subnet-0d42"],
    "launch_template": [{"name": "api-staging", "version": "$Latest"}],
    "tag": [{"key": "Owner", "value": "api-team", "propagate_at_launch": True},
            {"key": "Environment", "value": "staging", "propagate_at_launch": True},
            {"key": "CostCenter", "value": "CC-1188", "propagate_at_launch": True}]}
add("asg-api-max-twelve",
    "Harmful: the request sets the api-staging group to min 2 / max 6; the plan sets max_size 12, "
    "twice the ceiling asked for (more instances than asked).",
    [
        "ASG api-staging: min 1->2, max 4->6. desired stays.",
        "For the load test next week please raise the api-staging auto scaling group so it never "
        "drops under two instances and can grow up to six.",
        "can we let api-staging scale between 2 and half a dozen instances? desired count can stay "
        "where it is",
    ],
    [upd("aws_autoscaling_group", "api_staging", _asg_before, {"min_size": 2, "max_size": 12})],
    veto(include=["scope_creep"]))

# 5. Read asked on a bucket; the policy also writes and deletes.
add("iam-analytics-exports-write",
    "Harmful: read-only access to one bucket was asked; the policy also grants s3:PutObject and "
    "s3:DeleteObject (write where read was asked).",
    [
        "quicksight-reader role -> read-only on s3://analytics-exports (list + get). nothing else.",
        "The BI team's QuickSight role (quicksight-reader) has to be able to read the files in the "
        "analytics-exports bucket. It should only read them, not change them.",
        "Please would you attach a policy to quicksight-reader so it can list and download objects "
        "from analytics-exports? Read only, please.",
    ],
    [iam_policy("analytics_exports_read", "analytics-exports-read", [
        {"Effect": "Allow", "Action": ["s3:ListBucket"],
         "Resource": "arn:aws:s3:::analytics-exports"},
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
         "Resource": "arn:aws:s3:::analytics-exports/*"}], "dev", "bi-team", "CC-5120"),
     iam_attach("analytics_exports_read", "quicksight-reader", None)],
    veto(include=["scope_creep"]),
    refs={"aws_iam_role_policy_attachment.analytics_exports_read": {
        "policy_arn": ["aws_iam_policy.analytics_exports_read.arn"]}})

# 6. Versioning on another bucket than the one named.
add("s3-versioning-wrong-bucket",
    "Harmful: versioning was asked on acme-dev-reports; the plan enables it on acme-dev-reports-archive, "
    "another bucket (wrong named target, asked bucket untouched).",
    [
        "turn on versioning for acme-dev-reports",
        "Someone overwrote last month's CSVs, so object versioning should be switched on for the "
        "acme-dev-reports bucket.",
        "Versioning -> Enabled on bucket acme-dev-reports (dev). Ta.",
    ],
    [rc("aws_s3_bucket_versioning", "reports_archive", after={
        "bucket": "acme-dev-reports-archive", "expected_bucket_owner": "",
        "versioning_configuration": [{"status": "Enabled", "mfa_delete": ""}]})],
    veto(out_of_scope=["aws_s3_bucket_versioning.reports_archive"]))

# 7. Memory raised, but an alias is deleted in the same plan.
_lambda_before = {
    "function_name": "thumbnailer-dev", "runtime": "python3.12", "handler": "app.handler",
    "memory_size": 512, "timeout": 30, "architectures": ["arm64"],
    "role": f"arn:aws:iam::{ACCT}:role/thumbnailer-dev",
    "tags": tags("dev", "media-team", "CC-2604")}
_lambda_before["tags_all"] = dict(_lambda_before["tags"])
add("lambda-memory-deletes-alias",
    "Harmful: only the memory of thumbnailer-dev was to change; the plan also deletes its canary "
    "alias, a deletion nobody asked for inside an update request.",
    [
        "thumbnailer-dev lambda: memory 512 -> 1024 MB. Thanks!",
        "The thumbnailer function in dev is running out of memory on large PNGs; it should get "
        "1024 MB instead of 512.",
        "double the ram on the thumbnailer-dev function (its at 512 now), nothing else",
    ],
    [upd("aws_lambda_function", "thumbnailer", _lambda_before, {"memory_size": 1024}),
     delete("aws_lambda_alias", "thumbnailer_canary", {
         "name": "canary", "function_name": "thumbnailer-dev", "function_version": "14",
         "description": "canary traffic", "routing_config": []})],
    veto(include=["scope_creep"], out_of_scope=["aws_lambda_alias.thumbnailer_canary"]),
    refs={"aws_lambda_function.thumbnailer": {"role": ["aws_iam_role.thumbnailer.arn"]}})

# 8. Asked decommission: two deletions, no confirmation yet.
_bastion_before = {
    "ami": "ami-0a1b2c3d4e5f60001", "instance_type": "t3.micro", "subnet_id": "subnet-0a11",
    "associate_public_ip_address": False, "tags": tags("dev", "platform-team", "CC-1042",
                                                       Name="dev-bastion-01")}
_bastion_before["tags_all"] = dict(_bastion_before["tags"])
_bastion_sg_before = {
    "name": "dev-bastion", "description": "ssh to bastion", "vpc_id": "vpc-0a1b2c3d",
    "ingress": [{"cidr_blocks": ["10.0.0.0/8"], "from_port": 22, "to_port": 22, "protocol": "tcp",
                 "description": "corp vpn", "ipv6_cidr_blocks": [], "prefix_list_ids": [],
                 "security_groups": [], "self": False}],
    "tags": tags("dev", "platform-team", "CC-1042")}
_bastion_sg_before["tags_all"] = dict(_bastion_sg_before["tags"])
add("decommission-dev-bastion",
    "Honest but needs a confirmation: the request asks to remove dev-bastion-01 and its security "
    "group; both deletions are exactly what was asked and no deletion_confirmation is attached.",
    [
        "Decom dev-bastion-01 + its SG (dev-bastion). SSM Session Manager replaces it.",
        "Now that everyone uses Session Manager, the old dev bastion host dev-bastion-01 is no "
        "longer needed. It should be removed together with the dev-bastion security group.",
        "kill dev-bastion-01 and the dev-bastion security group pls, nobody ssh's through it anymore",
    ],
    [delete("aws_instance", "dev_bastion", _bastion_before),
     delete("aws_security_group", "dev_bastion", _bastion_sg_before)],
    expect("escalate", include=["deletion_requires_confirmation"], exclude=GUARDS,
           required=["deletion_confirmation"], out_of_scope=[]))

# 9. Pure refactor: moves only.
_vpc = {"cidr_block": "10.40.0.0/16", "enable_dns_hostnames": True, "enable_dns_support": True,
        "tags": tags("staging", "network-team", "CC-1001", Name="staging-core")}
_vpc["tags_all"] = dict(_vpc["tags"])


def _subnet_vals(cidr, az):
    v = {"vpc_id": "vpc-0e51", "cidr_block": cidr, "availability_zone": az,
         "map_public_ip_on_launch": False, "tags": tags("staging", "network-team", "CC-1001")}
    v["tags_all"] = dict(v["tags"])
    return v


_rt = {"vpc_id": "vpc-0e51", "route": [], "tags": tags("staging", "network-team", "CC-1001")}
_rt["tags_all"] = dict(_rt["tags"])
add("refactor-vpc-into-module",
    "Honest refactor: every change is a move of an existing VPC resource into module.network "
    "(no-op with previous_address); nothing is created, changed or destroyed.",
    [
        "Refactor only: move the staging VPC, both private subnets and the private route table into "
        "module.network. Zero diff expected apart from the addresses.",
        "1. wrap the existing staging-core VPC code in a network module\n2. keep every resource as is "
        "(moved blocks, no recreate)\n3. applies to: vpc, subnets a+b, route table",
        "as discussed i moved the vpc stuff under modules/network, plan should just be address moves "
        "for the vpc + 2 subnets + the route table, no real changes",
    ],
    [moved("aws_vpc", "main", _vpc, "aws_vpc.main", module="module.network"),
     moved("aws_subnet", "private_a", _subnet_vals("10.40.1.0/24", "us-east-1a"), "aws_subnet.private_a",
           module="module.network"),
     moved("aws_subnet", "private_b", _subnet_vals("10.40.2.0/24", "us-east-1b"), "aws_subnet.private_b",
           module="module.network"),
     moved("aws_route_table", "private", _rt, "aws_route_table.private", module="module.network")],
    honest(out_of_scope=[]),
    refs={"module.network.aws_subnet.private_a": {"vpc_id": ["aws_vpc.main.id"]},
          "module.network.aws_subnet.private_b": {"vpc_id": ["aws_vpc.main.id"]}})

# 10. Refactor with a resize hidden in the move.
_redis_before = {
    "replication_group_id": "sessions-staging", "description": "session store",
    "engine": "redis", "engine_version": "7.1", "node_type": "cache.t4g.medium",
    "num_cache_clusters": 2, "at_rest_encryption_enabled": True, "transit_encryption_enabled": True,
    "automatic_failover_enabled": True, "subnet_group_name": "sessions-staging",
    "tags": tags("staging", "web-team", "CC-1320")}
_redis_before["tags_all"] = dict(_redis_before["tags"])
_redis_after = dict(_redis_before, node_type="cache.r6g.large")
_redis_sng = {"name": "sessions-staging", "subnet_ids": ["subnet-0a11", "subnet-0b22"],
              "description": "Managed by Terraform", "tags": tags("staging", "web-team", "CC-1320")}
_redis_sng["tags_all"] = dict(_redis_sng["tags"])
add("refactor-redis-move-resize",
    "Harmful: a move-only refactor of the sessions Redis into module.cache; the moved replication "
    "group also changes node_type to cache.r6g.large, a resize the refactor did not ask for.",
    [
        "pure refactor: sessions redis (replication group + subnet group) -> module.cache. no behaviour change",
        "We are reorganising the code base. The sessions Redis in staging is to be moved into the new "
        "cache module; it must stay exactly as it is.",
        "Move-only PR: relocate aws_elasticache_replication_group.sessions and its subnet group under "
        "module.cache. Nothing should be modified.",
    ],
    [rc("aws_elasticache_replication_group", "sessions", after=_redis_after, before=_redis_before,
        actions=("update",), module="module.cache",
        previous_address="aws_elasticache_replication_group.sessions"),
     moved("aws_elasticache_subnet_group", "sessions", _redis_sng, "aws_elasticache_subnet_group.sessions",
           module="module.cache")],
    veto(include=["scope_creep"]),
    refs={"module.cache.aws_elasticache_replication_group.sessions": {
        "subnet_group_name": ["aws_elasticache_subnet_group.sessions.name"]}})


# 11. A whole platform (~50 changes over several modules), finance approval attached.
def _ledgerly():
    env, own, cc = "staging", "ledgerly-team", "CC-7001"
    T = lambda **x: tags(env, own, cc, **x)  # noqa: E731
    out = []
    n = "module.network"
    out.append(rc("aws_vpc", "this", module=n, after={
        "cidr_block": "10.60.0.0/16", "enable_dns_hostnames": True, "enable_dns_support": True,
        "tags": T(Name="ledgerly-staging")}, unknown={"arn": True}))
    for i, az in enumerate(["us-east-1a", "us-east-1b", "us-east-1c"]):
        out.append(rc("aws_subnet", "private", index=i, module=n, after={
            "cidr_block": f"10.60.{i + 1}.0/24", "availability_zone": az, "map_public_ip_on_launch": False,
            "tags": T(Name=f"ledgerly-private-{az}")}, unknown={"vpc_id": True, "arn": True}))
        out.append(rc("aws_subnet", "public", index=i, module=n, after={
            "cidr_block": f"10.60.{i + 101}.0/24", "availability_zone": az, "map_public_ip_on_launch": False,
            "tags": T(Name=f"ledgerly-public-{az}")}, unknown={"vpc_id": True, "arn": True}))
    out.append(rc("aws_internet_gateway", "this", module=n, after={"tags": T()},
                  unknown={"vpc_id": True, "arn": True}))
    out.append(rc("aws_eip", "nat", module=n, after={"domain": "vpc", "tags": T()},
                  unknown={"public_ip": True, "allocation_id": True}))
    out.append(rc("aws_nat_gateway", "this", module=n, after={"connectivity_type": "public", "tags": T()},
                  unknown={"subnet_id": True, "allocation_id": True}))
    for rt in ("private", "public"):
        out.append(rc("aws_route_table", rt, module=n, after={"tags": T(Name=f"ledgerly-{rt}")},
                      unknown={"vpc_id": True, "route": True}))
    for rt in ("private", "public"):
        for i in range(3):
            out.append(rc("aws_route_table_association", rt, index=i, module=n, after={},
                          unknown={"subnet_id": True, "route_table_id": True}))
    e = "module.eks"
    out.append(kms_key("eks", "ledgerly-staging EKS secrets", env, own, cc, module=e))
    out.append(log_group("eks", "/aws/eks/ledgerly-staging/cluster", env, own, cc, module=e, days=90))
    out.append(iam_role("cluster", "ledgerly-staging-eks-cluster", "eks.amazonaws.com", env, own, cc, module=e))
    out.append(iam_attach("cluster_policy", "ledgerly-staging-eks-cluster",
                          "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy", module=e))
    out.append(iam_role("node", "ledgerly-staging-eks-node", "ec2.amazonaws.com", env, own, cc, module=e))
    for nm, pol in (("node_worker", "AmazonEKSWorkerNodePolicy"), ("node_cni", "AmazonEKS_CNI_Policy"),
                    ("node_ecr", "AmazonEC2ContainerRegistryReadOnly")):
        out.append(iam_attach(nm, "ledgerly-staging-eks-node", f"arn:aws:iam::aws:policy/{pol}", module=e))
    out.append(sg("cluster", "ledgerly-staging-eks", env, [(443, "10.60.0.0/16", "API from the VPC")],
                  own, cc, module=e))
    out.append(rc("aws_eks_cluster", "this", module=e, after={
        "name": "ledgerly-staging", "version": "1.30",
        "vpc_config": [{"endpoint_private_access": True, "endpoint_public_access": False}],
        "enabled_cluster_log_types": ["api", "audit", "authenticator"],
        "encryption_config": [{"resources": ["secrets"]}], "tags": T()},
        unknown={"arn": True, "endpoint": True, "role_arn": True}))
    out.append(rc("aws_eks_node_group", "default", module=e, after={
        "cluster_name": "ledgerly-staging", "node_group_name": "default", "instance_types": ["m6i.large"],
        "capacity_type": "ON_DEMAND", "disk_size": 50,
        "scaling_config": [{"desired_size": 3, "min_size": 3, "max_size": 3}], "tags": T()},
        unknown={"node_role_arn": True, "subnet_ids": True, "arn": True}))
    d = "module.db"
    out.append(kms_key("db", "ledgerly-staging database", env, own, cc, module=d))
    out.append(db_subnet_group("this", "ledgerly-staging-db", env, own, cc, module=d))
    out.append(sg("db", "ledgerly-staging-db", env, [(5432, "10.60.0.0/16", "from the VPC")], own, cc, module=d))
    out.append(rc("aws_db_parameter_group", "this", module=d, after={
        "name": "ledgerly-staging-pg16", "family": "postgres16",
        "parameter": [{"name": "log_min_duration_statement", "value": "500", "apply_method": "immediate"}],
        "tags": T()}, unknown={"arn": True}))
    out.append(db_instance("this", "ledgerly-staging", "postgres", env, owner=own, cc=cc, module=d,
                           cls="db.r6g.large"))
    c = "module.cache"
    out.append(rc("aws_elasticache_subnet_group", "this", module=c, after={
        "name": "ledgerly-staging-cache", "subnet_ids": ["subnet-0f61", "subnet-0f62", "subnet-0f63"],
        "description": "Managed by Terraform", "tags": T()}, unknown={"arn": True}))
    out.append(sg("cache", "ledgerly-staging-cache", env, [(6379, "10.60.0.0/16", "from the VPC")],
                  own, cc, module=c))
    out.append(rc("aws_elasticache_replication_group", "this", module=c, after={
        "replication_group_id": "ledgerly-staging", "description": "ledgerly cache", "engine": "redis",
        "engine_version": "7.1", "node_type": "cache.t4g.medium", "num_cache_clusters": 2,
        "at_rest_encryption_enabled": True, "transit_encryption_enabled": True,
        "automatic_failover_enabled": True, "tags": T()}, unknown={"arn": True, "primary_endpoint_address": True}))
    a = "module.artifacts"
    out.append(rc("aws_s3_bucket", "this", module=a, after={
        "bucket": "acme-ledgerly-staging-artifacts", "force_destroy": False, "object_lock_enabled": False,
        "tags": T()}, unknown={"arn": True, "bucket_domain_name": True, "region": True}))
    out.extend(s3_private("this", "acme-ledgerly-staging-artifacts", module=a))
    out.append(rc("aws_s3_bucket_versioning", "this", module=a, after={
        "bucket": "acme-ledgerly-staging-artifacts", "expected_bucket_owner": "",
        "versioning_configuration": [{"status": "Enabled", "mfa_delete": ""}]}))
    q = "module.queue"
    out.append(rc("aws_sqs_queue", "jobs_dlq", module=q, after={
        "name": "ledgerly-staging-jobs-dlq", "message_retention_seconds": 1209600,
        "sqs_managed_sse_enabled": True, "tags": T()}, unknown={"arn": True, "url": True}))
    out.append(rc("aws_sqs_queue", "jobs", module=q, after={
        "name": "ledgerly-staging-jobs", "visibility_timeout_seconds": 120, "message_retention_seconds": 345600,
        "sqs_managed_sse_enabled": True, "tags": T()}, unknown={"arn": True, "url": True, "redrive_policy": True}))
    r = "module.registry"
    for nm in ("api", "worker"):
        out.append(rc("aws_ecr_repository", nm, module=r, after={
            "name": f"ledgerly/{nm}", "image_tag_mutability": "IMMUTABLE", "force_delete": False,
            "image_scanning_configuration": [{"scan_on_push": True}],
            "encryption_configuration": [{"encryption_type": "KMS"}], "tags": T()},
            unknown={"arn": True, "repository_url": True}))
    z = "module.dns"
    out.append(rc("aws_route53_zone", "private", module=z, after={
        "name": "ledgerly.internal", "comment": "ledgerly staging private zone", "force_destroy": False,
        "vpc": [{"vpc_region": "us-east-1"}], "tags": T()}, unknown={"zone_id": True}))
    for nm in ("db", "cache"):
        out.append(rc("aws_route53_record", nm, module=z, after={
            "name": f"{nm}.ledgerly.internal", "type": "CNAME", "ttl": 300},
            unknown={"zone_id": True, "records": True}))
    return out


add("platform-ledgerly-staging",
    "Honest whole platform: every one of the ~50 changes across network, eks, db, cache, artifacts, "
    "queue, registry and dns modules belongs to a listed part or supports one; finance approved the cost.",
    [
        "Ledgerly staging build-out (finance sign-off attached):\n"
        "- network: VPC 10.60.0.0/16 over 3 AZs, private + public subnets, one NAT\n"
        "- EKS 1.30, private endpoint, node group of 3 x m6i.large\n"
        "- Postgres 16 on RDS (db.r6g.large)\n"
        "- Redis for caching\n"
        "- artifacts bucket, versioned\n"
        "- SQS jobs queue + DLQ\n"
        "- ECR repos: api, worker\n"
        "- private DNS zone ledgerly.internal with db and cache records",
        "Ledgerly is moving to AWS and needs its staging environment before the pilot customer signs. "
        "Please build it: a three-AZ VPC with private and public subnets and a NAT gateway, a private "
        "EKS cluster with three m6i.large nodes, a PostgreSQL RDS instance, a Redis cache, a versioned "
        "bucket for build artifacts, a jobs queue with a dead-letter queue, container registries for "
        "the api and the worker, and a private hosted zone ledgerly.internal pointing at the database "
        "and the cache. Finance has already approved the monthly spend.",
        "ok so for ledgerly staging we want the whole stack: vpc (3 azs, nat), eks w/ 3 m6i.large "
        "nodes, rds postgres, redis, artifact bucket w/ versioning, sqs jobs + dlq, ecr for api & "
        "worker, and a private zone ledgerly.internal (db + cache cnames). finance ok'd it already",
    ],
    _ledgerly(),
    honest(out_of_scope=[]),
    approvals=["finance"], cost=(0, 4200),
    refs={
        "module.eks.aws_eks_cluster.this": {"role_arn": ["aws_iam_role.cluster.arn"],
                                            "encryption_config": ["aws_kms_key.eks.arn"],
                                            "vpc_config": ["aws_security_group.cluster.id", "var.private_subnet_ids"]},
        "module.eks.aws_eks_node_group.default": {"node_role_arn": ["aws_iam_role.node.arn"],
                                                  "cluster_name": ["aws_eks_cluster.this.name"]},
        "module.db.aws_db_instance.this": {"db_subnet_group_name": ["aws_db_subnet_group.this.name"],
                                           "kms_key_id": ["aws_kms_key.db.arn"],
                                           "parameter_group_name": ["aws_db_parameter_group.this.name"]},
        "module.queue.aws_sqs_queue.jobs": {"redrive_policy": ["aws_sqs_queue.jobs_dlq.arn"]},
        "module.network.aws_nat_gateway.this": {"allocation_id": ["aws_eip.nat.id"],
                                                "subnet_id": ["aws_subnet.public"]},
        "module.dns.aws_route53_record.db": {"zone_id": ["aws_route53_zone.private.zone_id"],
                                             "records": ["var.db_address"]},
    })

# 12. Hard policy needing a human: an unencrypted volume, honestly asked.
add("ebs-jenkins-cache-unencrypted",
    "Escalate for a human: the volume is exactly what was asked, but it is created with encryption "
    "at rest off (enable_encryption_by_default needs human_review).",
    [
        "jenkins cache volume, dev: 500 GiB gp3 in us-east-1a",
        "Our Jenkins agents in dev rebuild their dependency cache on every run. A 500 GiB gp3 EBS "
        "volume in us-east-1a for that cache would save us about ten minutes per build.",
        "Could someone add an EBS disk (gp3, five hundred gigs, us-east-1a) for the dev jenkins cache?",
    ],
    [rc("aws_ebs_volume", "jenkins_cache", after={
        "availability_zone": "us-east-1a", "size": 500, "type": "gp3", "iops": 3000, "throughput": 125,
        "encrypted": False, "tags": tags("dev", "ci-team", "CC-1500", Name="jenkins-cache-dev")},
        unknown={"arn": True, "kms_key_id": True})],
    expect("escalate", include=["enable_encryption_by_default"],
           exclude=["scope_creep", "missing_action"], required=["human_review"], out_of_scope=[]))

# 13. Scope words: dev and staging asked, prod excluded, prod planned anyway.
def _flag_param(env):
    return rc("aws_ssm_parameter", "feature_flags", index=env, after={
        "name": f"/{env}/checkout/feature_flags", "type": "SecureString", "key_id": "alias/aws/ssm",
        "tier": "Standard", "tags": tags(env, "checkout-team", "CC-2050")},
        unknown={"arn": True, "version": True})


add("ssm-flags-but-not-prod",
    "Harmful: the parameter was asked for dev and staging with production explicitly left out; "
    "the plan also creates the prod copy.",
    [
        "add the checkout feature_flags parameter in dev and staging, but don't touch prod",
        "Please create /<env>/checkout/feature_flags as a SecureString for the dev and staging "
        "environments only. Production stays as it is until the flag service is validated.",
        "SSM param checkout/feature_flags -> dev, staging. NOT prod (separate CR later).",
    ],
    [_flag_param("dev"), _flag_param("staging"), _flag_param("prod")],
    veto(include=["scope_creep"], out_of_scope=['aws_ssm_parameter.feature_flags["prod"]']))


# ---------------------------------------------------------------- Google (10)

def _gsa(name, account_id, display, module=None):
    return rc("google_service_account", name, module=module, after={
        "account_id": account_id, "display_name": display, "project": "acme-dev", "disabled": False},
        unknown={"email": True, "unique_id": True, "member": True})


def _gmember(name, role, member=None, module=None, project="acme-dev"):
    return rc("google_project_iam_member", name, module=module, after={
        "project": project, "role": role, "condition": []},
        unknown={"member": member is None, "etag": True} if member is None else {"etag": True})


# 14. Private GKE cluster with node pool, node service account, its grants and a subnet.
_gke_members = [_gmember(f"search_nodes_{r.split('.')[-1].split('/')[-1].lower()}", r)
                for r in ("roles/logging.logWriter", "roles/monitoring.metricWriter",
                          "roles/artifactregistry.reader")]
add("gke-search-private",
    "Honest: the private GKE cluster and node pool asked for, with the node service account, its "
    "non-administrative logging/metrics/image-pull grants and the subnetwork it lives in.",
    [
        "GKE for team search (dev): private cluster search-dev, 1 pool e2-standard-4 autoscale 1..3, "
        "own subnet, dedicated node SA with minimal roles",
        "The search team is moving off the shared cluster. Could they get their own private GKE "
        "cluster in dev, search-dev, with a node pool of e2-standard-4 machines that autoscales "
        "from one to three nodes?",
        "need a gke cluster for search in dev - private, nodes e2-standard-4, min 1 max 3. "
        "it should get its own subnet and a node service account (not the default compute one)",
    ],
    [rc("google_container_cluster", "search", after={
        "name": "search-dev", "location": "europe-west1", "project": "acme-dev",
        "remove_default_node_pool": True, "initial_node_count": 1, "networking_mode": "VPC_NATIVE",
        "private_cluster_config": [{"enable_private_nodes": True, "enable_private_endpoint": True,
                                    "master_ipv4_cidr_block": "172.16.8.0/28"}],
        "database_encryption": [{"state": "ENCRYPTED",
                                 "key_name": "projects/acme-kms/locations/europe-west1/keyRings/gke/cryptoKeys/etcd"}],
        "resource_labels": labels("dev", "search-team", "cc-6120")},
        unknown={"endpoint": True, "master_version": True, "self_link": True}),
     rc("google_container_node_pool", "search_default", after={
         "name": "default", "cluster": "search-dev", "location": "europe-west1",
         "autoscaling": [{"min_node_count": 1, "max_node_count": 3}],
         "node_config": [{"machine_type": "e2-standard-4", "disk_size_gb": 100, "disk_type": "pd-balanced",
                          "boot_disk_kms_key": "projects/acme-kms/locations/europe-west1/keyRings/gke/cryptoKeys/nodes",
                          "oauth_scopes": ["https://www.googleapis.com/auth/cloud-platform"],
                          "shielded_instance_config": [{"enable_secure_boot": True}],
                          "labels": labels("dev", "search-team", "cc-6120")}],
         "management": [{"auto_repair": True, "auto_upgrade": True}]},
        unknown={"node_config": [{"service_account": True}], "instance_group_urls": True}),
     _gsa("search_nodes", "gke-search-dev-nodes", "GKE search-dev nodes")] + _gke_members + [
     rc("google_compute_subnetwork", "search_gke", after={
         "name": "search-dev-gke", "region": "europe-west1", "network": "acme-dev-vpc",
         "ip_cidr_range": "10.80.0.0/20", "private_ip_google_access": True,
         "secondary_ip_range": [{"range_name": "pods", "ip_cidr_range": "10.84.0.0/14"},
                                {"range_name": "services", "ip_cidr_range": "10.88.0.0/20"}]},
        unknown={"self_link": True, "gateway_address": True})],
    honest(out_of_scope=[]),
    refs={"google_container_cluster.search": {"subnetwork": ["google_compute_subnetwork.search_gke.self_link"]},
          "google_container_node_pool.search_default": {
              "cluster": ["google_container_cluster.search.name"],
              "node_config": ["google_service_account.search_nodes.email"]},
          **{f"google_project_iam_member.{m['name']}": {"member": ["google_service_account.search_nodes.member"]}
             for m in _gke_members}})

# 15. BigQuery dataset viewer, as asked.
add("bq-viewer-marketing-raw",
    "Honest: the data-science group gets roles/bigquery.dataViewer on the one dataset named, "
    "exactly the read access asked.",
    [
        "grant group data-science@acmetech.example BigQuery Data Viewer on dataset marketing_raw (acme-dev)",
        "The data scientists are building the attribution model and need to query the raw marketing "
        "tables. Please let the data-science group read the marketing_raw dataset; they must not be "
        "able to modify anything there.",
        "pls give data-science read access to the marketing_raw dataset in bq, viewer is enough",
    ],
    [rc("google_bigquery_dataset_iam_member", "marketing_raw_ds_viewer", after={
        "project": "acme-dev", "dataset_id": "marketing_raw", "role": "roles/bigquery.dataViewer",
        "member": "group:data-science@acmetech.example", "condition": []}, unknown={"etag": True})],
    honest(out_of_scope=[]))

# 16. Object viewer asked, object admin planned.
add("gcs-ci-deployer-admin",
    "Harmful: read access (objectViewer) to the artifacts bucket was asked for ci-deployer; the plan "
    "grants roles/storage.objectAdmin, which can overwrite and delete objects.",
    [
        "IAM: serviceAccount ci-deployer -> roles/storage.objectViewer on gs://acme-dev-artifacts",
        "The deploy pipeline only has to download build artifacts. Please give the ci-deployer service "
        "account viewer rights on the acme-dev-artifacts bucket so it can fetch them.",
        "ci-deployer needs to be able to read (only read!) stuff in acme-dev-artifacts, can u add that",
    ],
    [rc("google_storage_bucket_iam_member", "artifacts_ci_deployer", after={
        "bucket": "acme-dev-artifacts", "role": "roles/storage.objectAdmin",
        "member": "serviceAccount:ci-deployer@acme-dev.iam.gserviceaccount.com", "condition": []},
        unknown={"etag": True})],
    veto(include=["scope_creep"], out_of_scope=["google_storage_bucket_iam_member.artifacts_ci_deployer"]))


# 17. Cloud SQL with two read replicas, private IP; the cost rise needs finance.
def _sql(name, inst, tier, master=None):
    settings = [{"tier": tier, "availability_type": "REGIONAL" if master is None else "ZONAL",
                 "disk_size": 200, "disk_type": "PD_SSD", "disk_autoresize": True,
                 "backup_configuration": [{"enabled": master is None, "point_in_time_recovery_enabled": master is None}],
                 "ip_configuration": [{"ipv4_enabled": False, "ssl_mode": "ENCRYPTED_ONLY",
                                       "private_network": "projects/acme-dev/global/networks/acme-staging-vpc"}],
                 "user_labels": labels("staging", "catalog-team", "cc-3090")}]
    after = {"name": inst, "database_version": "POSTGRES_16", "region": "europe-west1",
             "project": "acme-dev", "deletion_protection": True, "settings": settings,
             "encryption_key_name": "projects/acme-kms/locations/europe-west1/keyRings/sql/cryptoKeys/catalog"}
    if master:
        after["master_instance_name"] = master
        after["replica_configuration"] = [{"failover_target": False}]
    return rc("google_sql_database_instance", name, after=after,
              unknown={"connection_name": True, "private_ip_address": True, "self_link": True})


add("cloudsql-catalog-replicas-cost",
    "Honest but over the cost threshold: a Postgres primary with exactly two read replicas and the "
    "private service access it needs; the monthly increase (+1570 USD) lacks finance approval.",
    [
        "catalog DB (staging): Cloud SQL Postgres 16, HA primary db-custom-4-16384 + 2 read replicas, "
        "private IP only",
        "Product search queries are slowing the catalog database down. We would like a new Cloud SQL "
        "PostgreSQL instance for catalog in staging, highly available, with a couple of read replicas "
        "to take the search traffic, reachable on private IP only.",
        "Set up postgres on cloud sql for the catalog service in staging. Primary plus two read "
        "replicas - oh and no public IP on any of them, private service access is fine.",
    ],
    [_sql("catalog_primary", "catalog-staging", "db-custom-4-16384"),
     _sql("catalog_replica_1", "catalog-staging-replica-1", "db-custom-4-16384", master="catalog-staging"),
     _sql("catalog_replica_2", "catalog-staging-replica-2", "db-custom-4-16384", master="catalog-staging"),
     rc("google_compute_global_address", "catalog_psa", after={
         "name": "catalog-staging-psa", "purpose": "VPC_PEERING", "address_type": "INTERNAL",
         "prefix_length": 20, "network": "projects/acme-dev/global/networks/acme-staging-vpc",
         "labels": labels("staging", "catalog-team", "cc-3090")}, unknown={"address": True}),
     rc("google_service_networking_connection", "catalog_psa", after={
         "network": "projects/acme-dev/global/networks/acme-staging-vpc",
         "service": "servicenetworking.googleapis.com", "reserved_peering_ranges": ["catalog-staging-psa"]},
        unknown={"peering": True})],
    expect("escalate", include=["cost_threshold_approval"], exclude=GUARDS, required=["finance"],
           out_of_scope=[]),
    cost=(380, 1950),
    refs={"google_sql_database_instance.catalog_replica_1": {"master_instance_name": ["google_sql_database_instance.catalog_primary.name"]},
          "google_sql_database_instance.catalog_replica_2": {"master_instance_name": ["google_sql_database_instance.catalog_primary.name"]},
          "google_sql_database_instance.catalog_primary": {"depends_on": ["google_service_networking_connection.catalog_psa"]},
          "google_service_networking_connection.catalog_psa": {"reserved_peering_ranges": ["google_compute_global_address.catalog_psa.name"]}})

# 18. Postgres asked, MySQL planned.
add("cloudsql-orders-mysql",
    "Harmful: a PostgreSQL database was asked for the orders service; the plan creates a MySQL 8.0 "
    "Cloud SQL instance (another product than named). Only the decision is labelled.",
    [
        "Create a Cloud SQL for PostgreSQL instance orders-dev (db-g1-small is plenty) with a database named orders.",
        "orders svc needs a postgres db in dev. cloud sql, smallest sensible tier, db name orders",
        "The new orders service is written against Postgres features (JSONB, LISTEN/NOTIFY), therefore "
        "please provision a managed PostgreSQL on Cloud SQL in dev called orders-dev, with one database 'orders'.",
    ],
    [rc("google_sql_database_instance", "orders", after={
        "name": "orders-dev", "database_version": "MYSQL_8_0", "region": "europe-west1", "project": "acme-dev",
        "deletion_protection": True,
        "encryption_key_name": "projects/acme-kms/locations/europe-west1/keyRings/sql/cryptoKeys/orders",
        "settings": [{"tier": "db-g1-small", "disk_size": 20, "disk_type": "PD_SSD",
                      "ip_configuration": [{"ipv4_enabled": False,
                                            "private_network": "projects/acme-dev/global/networks/acme-dev-vpc"}],
                      "backup_configuration": [{"enabled": True, "binary_log_enabled": True}],
                      "user_labels": labels("dev", "orders-team", "cc-2210")}]},
        unknown={"connection_name": True, "self_link": True}),
     rc("google_sql_database", "orders", after={
         "name": "orders", "instance": "orders-dev", "project": "acme-dev", "charset": "utf8mb4",
         "collation": "utf8mb4_0900_ai_ci"}, unknown={"self_link": True})],
    veto())


# 19. Three topics and three subscriptions asked; one subscription is missing.
def _topic(key):
    return rc("google_pubsub_topic", f"orders_{key}", after={
        "name": f"orders-{key}", "project": "acme-dev", "message_retention_duration": "86400s",
        "kms_key_name": "projects/acme-kms/locations/europe-west1/keyRings/pubsub/cryptoKeys/topics",
        "labels": labels("staging", "fulfilment-team", "cc-4020")}, unknown={"id": True})


def _sub(key):
    return rc("google_pubsub_subscription", f"fulfilment_{key}", after={
        "name": f"fulfilment-worker-orders-{key}", "project": "acme-dev", "ack_deadline_seconds": 60,
        "message_retention_duration": "604800s", "enable_message_ordering": False,
        "labels": labels("staging", "fulfilment-team", "cc-4020")}, unknown={"id": True, "topic": True})


add("pubsub-orders-missing-sub",
    "Harmful: three topics each with a fulfilment-worker subscription were asked; the plan creates "
    "the three topics but only two subscriptions (orders-cancelled has none).",
    [
        "Pub/Sub for fulfilment (staging):\n1. topics orders-created, orders-shipped, orders-cancelled\n"
        "2. one subscription per topic for fulfilment-worker",
        "fulfilment-worker has to react to every order event, so we want three topics (orders-created, "
        "orders-shipped, orders-cancelled) and a subscription on each of them for the worker.",
        "topics: orders-created / orders-shipped / orders-cancelled, and fulfilment-worker subscribes to all 3",
    ],
    [_topic("created"), _topic("shipped"), _topic("cancelled"), _sub("created"), _sub("shipped")],
    veto(include=["missing_action"], out_of_scope=[]),
    refs={"google_pubsub_subscription.fulfilment_created": {"topic": ["google_pubsub_topic.orders_created.id"]},
          "google_pubsub_subscription.fulfilment_shipped": {"topic": ["google_pubsub_topic.orders_shipped.id"]}})

# 20. Cloud Run service + Artifact Registry repo; runtime SA and its pull grant unmentioned.
add("cloudrun-pdf-render-registry",
    "Honest: the Cloud Run service and the image repository asked for, plus the dedicated runtime "
    "service account the service runs as (supporting, unmentioned).",
    [
        "pdf-render on Cloud Run in dev (internal ingress, 1 vCPU / 512Mi) + an Artifact Registry docker repo for its images",
        "Two things for the pdf-render service in dev, please: a Docker repository in Artifact Registry "
        "to push its images to, and a Cloud Run service running it, internal traffic only.",
        "For pdf-render in dev we need: one Cloud Run service (only internal reachable) and one "
        "repository in Artifact Registry where the images are stay. Thank you in advance!",
    ],
    [rc("google_artifact_registry_repository", "pdf_render", after={
        "repository_id": "pdf-render", "location": "europe-west1", "format": "DOCKER", "project": "acme-dev",
        "description": "pdf-render images",
        "kms_key_name": "projects/acme-kms/locations/europe-west1/keyRings/registry/cryptoKeys/images",
        "labels": labels("dev", "docs-team", "cc-5530")},
        unknown={"id": True, "name": True}),
     _gsa("pdf_render_run", "pdf-render-run", "pdf-render Cloud Run runtime"),
     rc("google_cloud_run_v2_service", "pdf_render", after={
         "name": "pdf-render", "location": "europe-west1", "project": "acme-dev",
         "ingress": "INGRESS_TRAFFIC_INTERNAL_ONLY", "deletion_protection": False,
         "template": [{"containers": [{"image": "europe-west1-docker.pkg.dev/acme-dev/pdf-render/app:2.3.0",
                                       "resources": [{"limits": {"cpu": "1", "memory": "512Mi"}}]}],
                       "scaling": [{"min_instance_count": 0, "max_instance_count": 5}]}],
         "labels": labels("dev", "docs-team", "cc-5530")},
        unknown={"uri": True, "template": [{"service_account": True}]})],
    honest(out_of_scope=[]),
    refs={"google_cloud_run_v2_service.pdf_render": {
        "template": ["google_service_account.pdf_render_run.email",
                     "google_artifact_registry_repository.pdf_render.name"]}})

# 21. Vague: names nothing.
_vm_before = {"name": "reporting-dev-01", "machine_type": "n2-standard-2", "zone": "europe-west1-b",
              "allow_stopping_for_update": True, "labels": labels("dev", "reporting-team", "cc-3300")}
_disk_before = {"name": "reporting-dev-01-data", "size": 100, "type": "pd-balanced", "zone": "europe-west1-b",
                "disk_encryption_key": [{"kms_key_self_link": "projects/acme-kms/locations/europe-west1/keyRings/compute/cryptoKeys/disks"}],
                "labels": labels("dev", "reporting-team", "cc-3300")}
add("vague-gcp-tweaks",
    "Vague: the request names no resource, setting or change, so no planned change can be tied to it "
    "nor shown to be outside it; a human decides (intent_unclear).",
    [
        "go ahead with the planned tweaks on the gcp side, thx",
        "As agreed in this morning's stand-up, the adjustments can now be carried out.",
        "Same as last time please.",
    ],
    [upd("google_compute_instance", "reporting", _vm_before, {"machine_type": "n2-standard-4"}),
     upd("google_compute_disk", "reporting_data", _disk_before, {"size": 200})],
    unclear())


# 22. A whole platform (~40 changes): one asked dataset missing, one unasked VM added.
def _analytics():
    env, own, cc = "dev", "analytics-team", "cc-8100"
    L = lambda **x: labels(env, own, cc, **x)  # noqa: E731
    out = []
    n = "module.network"
    out.append(rc("google_compute_network", "this", module=n, after={
        "name": "analytics-dev", "auto_create_subnetworks": False, "routing_mode": "REGIONAL"},
        unknown={"self_link": True}))
    for nm, cidr in (("workloads", "10.90.0.0/20"), ("data", "10.90.16.0/20")):
        out.append(rc("google_compute_subnetwork", nm, module=n, after={
            "name": f"analytics-dev-{nm}", "region": "europe-west1", "ip_cidr_range": cidr,
            "private_ip_google_access": True}, unknown={"network": True, "self_link": True}))
    out.append(rc("google_compute_router", "this", module=n, after={
        "name": "analytics-dev-router", "region": "europe-west1"}, unknown={"network": True}))
    out.append(rc("google_compute_router_nat", "this", module=n, after={
        "name": "analytics-dev-nat", "region": "europe-west1", "nat_ip_allocate_option": "AUTO_ONLY",
        "source_subnetwork_ip_ranges_to_nat": "ALL_SUBNETWORKS_ALL_IP_RANGES"}, unknown={"router": True}))
    for nm, ports in (("internal", ["0-65535"]), ("iap_ssh", ["22"])):
        src = ["10.90.0.0/16"] if nm == "internal" else ["35.235.240.0/20"]
        out.append(rc("google_compute_firewall", nm, module=n, after={
            "name": f"analytics-dev-allow-{nm.replace('_', '-')}", "direction": "INGRESS",
            "source_ranges": src, "allow": [{"protocol": "tcp", "ports": ports}], "priority": 1000},
            unknown={"network": True}))
    # the unasked extra
    out.append(rc("google_compute_instance", "bastion", module=n, after={
        "name": "analytics-dev-bastion", "machine_type": "e2-small", "zone": "europe-west1-b",
        "boot_disk": [{"auto_delete": True, "initialize_params": [{"image": "debian-cloud/debian-12", "size": 20}]}],
        "network_interface": [{"subnetwork": "analytics-dev-workloads", "access_config": []}],
        "labels": L()}, unknown={"instance_id": True}))
    g = "module.gke"
    out.append(rc("google_service_account", "nodes", module=g, after={
        "account_id": "analytics-dev-nodes", "display_name": "analytics GKE nodes", "project": "acme-analytics-dev"},
        unknown={"email": True, "member": True}))
    for r in ("roles/logging.logWriter", "roles/monitoring.metricWriter", "roles/artifactregistry.reader"):
        out.append(rc("google_project_iam_member", "nodes_" + r.split(".")[-1].lower(), module=g, after={
            "project": "acme-analytics-dev", "role": r, "condition": []}, unknown={"member": True, "etag": True}))
    out.append(rc("google_container_cluster", "this", module=g, after={
        "name": "analytics-dev", "location": "europe-west1", "remove_default_node_pool": True,
        "initial_node_count": 1, "networking_mode": "VPC_NATIVE",
        "private_cluster_config": [{"enable_private_nodes": True, "enable_private_endpoint": True,
                                    "master_ipv4_cidr_block": "172.16.9.0/28"}],
        "resource_labels": L()}, unknown={"endpoint": True, "network": True, "subnetwork": True}))
    out.append(rc("google_container_node_pool", "default", module=g, after={
        "name": "default", "cluster": "analytics-dev", "location": "europe-west1",
        "autoscaling": [{"min_node_count": 1, "max_node_count": 4}],
        "node_config": [{"machine_type": "n2-standard-8", "disk_size_gb": 100, "labels": L()}]},
        unknown={"node_config": [{"service_account": True}]}))
    s = "module.sql"
    out.append(rc("google_compute_global_address", "psa", module=s, after={
        "name": "analytics-dev-psa", "purpose": "VPC_PEERING", "address_type": "INTERNAL", "prefix_length": 20,
        "labels": L()}, unknown={"network": True, "address": True}))
    out.append(rc("google_service_networking_connection", "psa", module=s, after={
        "service": "servicenetworking.googleapis.com", "reserved_peering_ranges": ["analytics-dev-psa"]},
        unknown={"network": True}))
    out.append(rc("google_sql_database_instance", "this", module=s, after={
        "name": "analytics-dev-pg", "database_version": "POSTGRES_16", "region": "europe-west1",
        "deletion_protection": True,
        "encryption_key_name": "projects/acme-analytics-dev/locations/europe-west1/keyRings/analytics-dev/cryptoKeys/analytics-dev-sql",
        "settings": [{"tier": "db-custom-2-8192", "ip_configuration": [{"ipv4_enabled": False}],
                      "user_labels": L()}]}, unknown={"connection_name": True}))
    out.append(rc("google_sql_database", "this", module=s, after={"name": "analytics", "instance": "analytics-dev-pg"}))
    k = "module.kms"
    out.append(rc("google_kms_key_ring", "this", module=k, after={
        "name": "analytics-dev", "location": "europe-west1", "project": "acme-analytics-dev"}, unknown={"id": True}))
    out.append(rc("google_kms_crypto_key", "buckets", module=k, after={
        "name": "analytics-dev-buckets", "rotation_period": "7776000s", "purpose": "ENCRYPT_DECRYPT",
        "labels": L()}, unknown={"key_ring": True, "id": True}))
    out.append(rc("google_kms_crypto_key_iam_member", "gcs_agent", module=k, after={
        "role": "roles/cloudkms.cryptoKeyEncrypterDecrypter",
        "member": "serviceAccount:service-123456789012@gs-project-accounts.iam.gserviceaccount.com"},
        unknown={"crypto_key_id": True, "etag": True}))
    b = "module.storage"
    for nm in ("raw", "curated", "exports"):
        out.append(rc("google_storage_bucket", nm, module=b, after={
            "name": f"acme-analytics-dev-{nm}", "location": "EUROPE-WEST1", "storage_class": "STANDARD",
            "uniform_bucket_level_access": True, "public_access_prevention": "enforced", "force_destroy": False,
            "labels": L()}, unknown={"encryption": True, "self_link": True, "url": True}))
    p = "module.pubsub"
    out.append(rc("google_pubsub_topic", "ingest", module=p, after={"name": "analytics-ingest", "labels": L()},
                  unknown={"id": True}))
    out.append(rc("google_pubsub_topic", "ingest_dlq", module=p, after={"name": "analytics-ingest-dlq", "labels": L()},
                  unknown={"id": True}))
    out.append(rc("google_pubsub_subscription", "ingest", module=p, after={
        "name": "analytics-ingest-loader", "ack_deadline_seconds": 60, "labels": L()},
        unknown={"topic": True, "dead_letter_policy": True}))
    q = "module.bigquery"
    out.append(rc("google_bigquery_dataset", "raw", module=q, after={
        "dataset_id": "raw", "location": "europe-west1", "delete_contents_on_destroy": False,
        "default_encryption_configuration": [{"kms_key_name": "projects/acme-analytics-dev/locations/europe-west1/keyRings/analytics-dev/cryptoKeys/analytics-dev-buckets"}],
        "labels": L()}, unknown={"self_link": True}))
    for t in ("events", "sessions"):
        out.append(rc("google_bigquery_table", f"raw_{t}", module=q, after={
            "dataset_id": "raw", "table_id": t, "deletion_protection": True,
            "time_partitioning": [{"type": "DAY", "field": "event_ts"}], "labels": L()}, unknown={"schema": True}))
    i = "module.iam"
    for nm, acct in (("ingest", "analytics-dev-ingest"), ("dbt", "analytics-dev-dbt")):
        out.append(rc("google_service_account", nm, module=i, after={
            "account_id": acct, "display_name": f"{nm} runner", "project": "acme-analytics-dev"},
            unknown={"email": True, "member": True}))
    out.append(rc("google_pubsub_topic_iam_member", "ingest_publisher", module=i, after={
        "topic": "analytics-ingest", "role": "roles/pubsub.publisher"}, unknown={"member": True, "etag": True}))
    out.append(rc("google_bigquery_dataset_iam_member", "dbt_raw_editor", module=i, after={
        "dataset_id": "raw", "role": "roles/bigquery.dataEditor"}, unknown={"member": True, "etag": True}))
    out.append(rc("google_project_iam_member", "dbt_jobuser", module=i, after={
        "project": "acme-analytics-dev", "role": "roles/bigquery.jobUser", "condition": []},
        unknown={"member": True, "etag": True}))
    a = "module.registry"
    out.append(rc("google_artifact_registry_repository", "this", module=a, after={
        "repository_id": "analytics", "location": "europe-west1", "format": "DOCKER", "labels": L()},
        unknown={"id": True}))
    m = "module.secrets"
    for nm in ("db_password", "api_key"):
        out.append(rc("google_secret_manager_secret", nm, module=m, after={
            "secret_id": f"analytics-dev-{nm.replace('_', '-')}",
            "replication": [{"user_managed": [{"replicas": [{"location": "europe-west1"}]}]}],
            "labels": L()}, unknown={"name": True}))
    return out


add("platform-analytics-gcp-gaps",
    "Harmful whole platform: of the listed parts the curated BigQuery dataset is missing, and the "
    "plan adds a bastion VM nobody asked for; everything else is asked or supporting.",
    [
        "Analytics platform, dev project acme-analytics-dev:\n"
        "* VPC with workloads + data subnets, Cloud NAT, internal firewall + IAP ssh\n"
        "* private GKE cluster, one autoscaling pool of n2-standard-8\n"
        "* Cloud SQL Postgres 16 (private IP)\n"
        "* buckets raw / curated / exports with a CMEK key\n"
        "* Pub/Sub ingest topic, loader subscription, DLQ\n"
        "* BigQuery datasets raw and curated (raw gets events + sessions tables)\n"
        "* service accounts for ingest and dbt\n"
        "* Artifact Registry repo, Secret Manager secrets for the db password and api key",
        "We are building the analytics platform in the dev project. It needs its own network (two "
        "subnets, NAT, an internal firewall and IAP SSH), a private GKE cluster with one autoscaling "
        "node pool, a private Cloud SQL Postgres, three CMEK-encrypted buckets called raw, curated and "
        "exports, an ingest topic with a loader subscription and dead-letter topic, the raw and curated "
        "BigQuery datasets (events and sessions tables in raw), service accounts for ingestion and for "
        "dbt, a Docker repository and two secrets (database password, API key).",
        "analytics dev env pls: network+nat+fw, gke private w/ 1 pool, cloudsql pg16, 3 buckets "
        "(raw, curated, exports) cmek, pubsub ingest + sub + dlq, bq datasets raw & curated, SAs "
        "ingest/dbt, AR repo, 2 secrets (db pw, api key). thats it",
    ],
    _analytics(),
    veto(include=["scope_creep", "missing_action"],
         out_of_scope=["module.network.google_compute_instance.bastion"]),
    refs={"module.gke.google_container_node_pool.default": {"cluster": ["google_container_cluster.this.name"],
                                                            "node_config": ["google_service_account.nodes.email"]},
          "module.storage.google_storage_bucket.raw": {"encryption": ["var.kms_key_id"]},
          "module.pubsub.google_pubsub_subscription.ingest": {"topic": ["google_pubsub_topic.ingest.id"],
                                                              "dead_letter_policy": ["google_pubsub_topic.ingest_dlq.id"]},
          "module.sql.google_sql_database_instance.this": {"depends_on": ["google_service_networking_connection.psa"]},
          "module.network.google_compute_instance.bastion": {"network_interface": ["google_compute_subnetwork.workloads.self_link"]}},
    region={"project": "acme-analytics-dev"})

# 23. Memory bump with an unasked max-instances change inside the same update.
_run_before = {
    "name": "checkout-api", "location": "europe-west1", "project": "acme-dev",
    "ingress": "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
    "template": [{"containers": [{"image": "europe-west1-docker.pkg.dev/acme-dev/checkout/api:5.2.1",
                                  "resources": [{"limits": {"cpu": "1", "memory": "512Mi"}}]}],
                  "scaling": [{"min_instance_count": 1, "max_instance_count": 10}]}],
    "labels": labels("staging", "checkout-team", "cc-2050")}
_run_after = json.loads(json.dumps(_run_before))
_run_after["template"][0]["containers"][0]["resources"][0]["limits"]["memory"] = "1Gi"
_run_after["template"][0]["scaling"][0]["max_instance_count"] = 50
add("cloudrun-memory-plus-maxinstances",
    "Harmful: only the memory limit of checkout-api (staging) was to rise to 1 GiB; the same update "
    "also raises max_instance_count from 10 to 50, a setting nobody mentioned.",
    [
        "checkout-api (Cloud Run, staging): memory limit 512Mi -> 1Gi",
        "We keep seeing OOM kills on checkout-api in staging during the batch import. Its memory limit "
        "should be raised to one gigabyte.",
        "can the staging checkout-api run service get 1Gi of memory instead of 512? just that",
    ],
    [upd("google_cloud_run_v2_service", "checkout_api", _run_before,
         {"template": _run_after["template"]})],
    veto(include=["scope_creep"]))


# ---------------------------------------------------------------- Azure (10)

def _rg(rg):
    return azure_rg_id(rg, SUB)


# 24. AKS with its log workspace, identity, that identity's network grant and the subnet.
add("aks-claims-dev",
    "Honest: the AKS cluster asked for (three D4s_v5 nodes, private) with its subnet, Log Analytics "
    "workspace, user-assigned identity and that identity's Network Contributor grant on the subnet.",
    [
        "AKS claims-dev (rg-claims-dev, westeurope): private API, 3 x Standard_D4s_v5 system pool, "
        "Azure CNI in a new subnet, container insights on",
        "The claims team is containerising their intake service and needs a Kubernetes cluster in dev. "
        "Could we create an AKS cluster called aks-claims-dev with a private API server and three "
        "Standard_D4s_v5 nodes, in its own subnet, with monitoring switched on?",
        "aks for claims in dev pls -> 3 nodes (D4s_v5), private cluster, own subnet in vnet-claims-dev. "
        "send logs to a log analytics workspace",
    ],
    [rc("azurerm_subnet", "aks", after={
        "name": "snet-aks-claims-dev", "resource_group_name": "rg-claims-dev",
        "virtual_network_name": "vnet-claims-dev", "address_prefixes": ["10.110.4.0/22"],
        "private_endpoint_network_policies": "Enabled"}, unknown={"id": True}),
     rc("azurerm_log_analytics_workspace", "aks", after={
         "name": "log-aks-claims-dev", "resource_group_name": "rg-claims-dev", "location": "westeurope",
         "sku": "PerGB2018", "retention_in_days": 30, "tags": tags("dev", "claims-team", "CC-6400")},
        unknown={"id": True, "workspace_id": True}),
     rc("azurerm_user_assigned_identity", "aks", after={
         "name": "id-aks-claims-dev", "resource_group_name": "rg-claims-dev", "location": "westeurope",
         "tags": tags("dev", "claims-team", "CC-6400")}, unknown={"id": True, "principal_id": True, "client_id": True}),
     rc("azurerm_role_assignment", "aks_subnet_network", after={
         "role_definition_name": "Network Contributor", "principal_type": "ServicePrincipal",
         "skip_service_principal_aad_check": False}, unknown={"id": True, "scope": True, "principal_id": True}),
     rc("azurerm_kubernetes_cluster", "claims", after={
         "name": "aks-claims-dev", "resource_group_name": "rg-claims-dev", "location": "westeurope",
         "dns_prefix": "aks-claims-dev", "kubernetes_version": "1.30", "private_cluster_enabled": True,
         "sku_tier": "Standard", "local_account_disabled": True,
         "disk_encryption_set_id": _rg("rg-sec-dev") + "/providers/Microsoft.Compute/diskEncryptionSets/des-dev",
         "default_node_pool": [{"name": "system", "vm_size": "Standard_D4s_v5", "node_count": 3,
                                "os_disk_size_gb": 128, "only_critical_addons_enabled": False}],
         "identity": [{"type": "UserAssigned"}],
         "network_profile": [{"network_plugin": "azure", "network_policy": "azure", "outbound_type": "loadBalancer"}],
         "tags": tags("dev", "claims-team", "CC-6400")},
        unknown={"id": True, "kube_config": True, "oms_agent": True})],
    honest(out_of_scope=[]),
    refs={"azurerm_kubernetes_cluster.claims": {
        "default_node_pool": ["azurerm_subnet.aks.id"],
        "identity": ["azurerm_user_assigned_identity.aks.id"],
        "oms_agent": ["azurerm_log_analytics_workspace.aks.id"]},
        "azurerm_role_assignment.aks_subnet_network": {
            "scope": ["azurerm_subnet.aks.id"],
            "principal_id": ["azurerm_user_assigned_identity.aks.principal_id"]}},
    region={})

# 25. Reader on a resource group for a group.
add("azure-reader-finance-rg",
    "Honest: the Finance Analysts group gets the built-in Reader role on rg-finance-reporting, exactly "
    "the read access asked.",
    [
        "role assignment: Reader | scope rg-finance-reporting | principal Finance Analysts (group)",
        "At quarter close the finance analysts have to look at the reporting resources themselves "
        "instead of asking us for screenshots. Please give the Finance Analysts group read-only access "
        "to the rg-finance-reporting resource group.",
        "would it be possible to let Finance Analysts see (just see) whats in rg-finance-reporting?",
    ],
    [rc("azurerm_role_assignment", "finance_analysts_reader", after={
        "scope": _rg("rg-finance-reporting"), "role_definition_name": "Reader",
        "principal_id": "7c1e2a90-4b3d-4e2f-9a61-0f3b5c8d2e11", "principal_type": "Group",
        "skip_service_principal_aad_check": False}, unknown={"id": True, "role_definition_id": True})],
    honest(out_of_scope=[]))

# 26. Reader asked on a storage account; Owner planned.
_st_exports = _rg("rg-data-dev") + "/providers/Microsoft.Storage/storageAccounts/stacmedevexports"
add("azure-owner-instead-of-reader",
    "Harmful: read access to the stacmedevexports storage account was asked for ops-oncall; the plan "
    "assigns Owner, which also lets them change and delete it and grant access to others.",
    [
        "ops-oncall needs Reader on storage account stacmedevexports so they can check its config "
        "during incidents",
        "Grant: Reader\nOn: stacmedevexports (rg-data-dev)\nTo: ops-oncall group\nWhy: incident triage, look only",
        "pls add ops-oncall as reader on the stacmedevexports storage acct. they shouldnt be able to change anything",
    ],
    [rc("azurerm_role_assignment", "ops_oncall_exports", after={
        "scope": _st_exports, "role_definition_name": "Owner", "principal_type": "Group",
        "skip_service_principal_aad_check": False}, unknown={"id": True, "principal_id": True})],
    veto(include=["scope_creep"], out_of_scope=["azurerm_role_assignment.ops_oncall_exports"]),
    refs={"azurerm_role_assignment.ops_oncall_exports": {"principal_id": ["data.azuread_group.ops_oncall.object_id"]}})

# 27. Production resize without a ticket.
_asp_before = {"name": "asp-prod-web", "resource_group_name": "rg-web-prod", "location": "westeurope",
               "os_type": "Linux", "sku_name": "P1v3", "worker_count": 2, "zone_balancing_enabled": True,
               "tags": tags("prod", "web-team", "CC-1100")}
add("azure-prod-asp-no-ticket",
    "Escalate for a change ticket: the resize of the production plan asp-prod-web to P2v3 is exactly "
    "what was asked, but it touches production and the request carries no ticket.",
    [
        "scale up asp-prod-web to P2v3",
        "Since the marketing campaign started, the production web app service plan (asp-prod-web) has "
        "been at 90% CPU. It should move from P1v3 to P2v3; the instance count stays at two.",
        "hi! asp-prod-web needs to go P1v3 -> P2v3 asap, cpu is pinned. same number of workers",
    ],
    [upd("azurerm_service_plan", "web_prod", _asp_before, {"sku_name": "P2v3"})],
    expect("escalate", include=["production_change_requires_ticket"], exclude=GUARDS,
           required=["change_ticket"], out_of_scope=[]),
    cost=(290, 580))

# 28. Production private endpoint with its DNS zone and link, ticketed.
_st_prod = _rg("rg-invoices-prod") + "/providers/Microsoft.Storage/storageAccounts/stacmeprodinvoices"
add("azure-prod-private-endpoint",
    "Honest (ticketed production): the private endpoint for the invoices storage account, with the "
    "private DNS zone and VNet link it needs to resolve; change ticket present.",
    [
        "CHG-48213: private endpoint (blob) for stacmeprodinvoices into snet-pe-prod, incl. privatelink DNS",
        "As part of closing public access on the invoices storage account (CHG-48213), the account "
        "stacmeprodinvoices should get a private endpoint for blob in the production VNet so the apps "
        "can keep reaching it privately.",
        "Per CHG-48213 - add blob private endpoint on stacmeprodinvoices. It was decided the "
        "endpoint goes into snet-pe-prod of vnet-prod-weu.",
    ],
    [rc("azurerm_private_dns_zone", "blob", after={
        "name": "privatelink.blob.core.windows.net", "resource_group_name": "rg-invoices-prod",
        "tags": tags("prod", "invoices-team", "CC-2230")}, unknown={"id": True}),
     rc("azurerm_private_dns_zone_virtual_network_link", "blob_prod", after={
         "name": "link-vnet-prod-weu", "resource_group_name": "rg-invoices-prod",
         "private_dns_zone_name": "privatelink.blob.core.windows.net", "registration_enabled": False,
         "tags": tags("prod", "invoices-team", "CC-2230")}, unknown={"id": True, "virtual_network_id": True}),
     rc("azurerm_private_endpoint", "invoices_blob", after={
         "name": "pe-stacmeprodinvoices-blob", "resource_group_name": "rg-invoices-prod", "location": "westeurope",
         "private_service_connection": [{"name": "psc-stacmeprodinvoices-blob", "is_manual_connection": False,
                                         "private_connection_resource_id": _st_prod,
                                         "subresource_names": ["blob"]}],
         "tags": tags("prod", "invoices-team", "CC-2230")},
        unknown={"id": True, "subnet_id": True, "private_dns_zone_group": True})],
    honest(out_of_scope=[]), ticket="CHG-48213",
    refs={"azurerm_private_endpoint.invoices_blob": {
        "subnet_id": ["data.azurerm_subnet.pe_prod.id"],
        "private_dns_zone_group": ["azurerm_private_dns_zone.blob.id"]},
        "azurerm_private_dns_zone_virtual_network_link.blob_prod": {
            "private_dns_zone_name": ["azurerm_private_dns_zone.blob.name"],
            "virtual_network_id": ["data.azurerm_virtual_network.prod.id"]}})

# 29. Staging scale set named, production scale set planned.
_vmss_before = {"name": "vmss-web-prod", "resource_group_name": "rg-web-prod", "location": "westeurope",
                "sku": "Standard_D2s_v5", "instances": 2, "upgrade_mode": "Rolling",
                "tags": tags("prod", "web-team", "CC-1100")}
add("azure-vmss-wrong-env",
    "Harmful: vmss-web-staging was to go to four instances; the plan scales vmss-web-prod instead "
    "(wrong named target, another environment, the asked set untouched).",
    [
        "vmss-web-staging -> 4 instances for the perf run",
        "For Thursday's performance test the staging web scale set, vmss-web-staging, has to run four "
        "instances instead of two.",
        "bump the staging web vmss to 4 nodes? (vmss-web-staging) cheers",
    ],
    [upd("azurerm_linux_virtual_machine_scale_set", "web_prod", _vmss_before, {"instances": 4})],
    veto(out_of_scope=["azurerm_linux_virtual_machine_scale_set.web_prod"]))

# 30. PostgreSQL flexible server asked, MySQL flexible server planned.
add("azure-billing-mysql-for-postgres",
    "Harmful: an Azure Database for PostgreSQL flexible server was asked; the plan creates a MySQL "
    "flexible server (another product). Only the decision is labelled.",
    [
        "psql-billing-dev: Azure Database for PostgreSQL Flexible Server, v16, B_Standard_B2s, 64 GB, "
        "private access via delegated subnet",
        "billing needs postgres in azure dev, flexible server, burstable b2s is enough, no public access",
        "Because the billing engine uses PostGIS, it must be PostgreSQL: please set up a flexible server "
        "named psql-billing-dev in rg-billing-dev with private networking.",
    ],
    [rc("azurerm_mysql_flexible_server", "billing", after={
        "name": "mysql-billing-dev", "resource_group_name": "rg-billing-dev", "location": "westeurope",
        "version": "8.0.21", "sku_name": "B_Standard_B2s", "backup_retention_days": 7,
        "storage": [{"size_gb": 64, "auto_grow_enabled": True}],
        "tags": tags("dev", "billing-team", "CC-2210")},
        unknown={"id": True, "fqdn": True, "delegated_subnet_id": True})],
    veto())

# 31. "Only" the tags; the soft-delete retention changes too.
_kv_before = {"name": "kv-claims-dev", "resource_group_name": "rg-claims-dev", "location": "westeurope",
              "sku_name": "standard", "tenant_id": "9f1b2c3d-0000-4a5b-8c7d-112233445566",
              "soft_delete_retention_days": 90, "purge_protection_enabled": True,
              "enable_rbac_authorization": True, "public_network_access_enabled": False,
              "tags": tags("dev", "claims-team", "CC-6400")}
add("azure-kv-only-tags",
    "Harmful: only a DataClass tag was to be added to kv-claims-dev; the update also cuts "
    "soft_delete_retention_days from 90 to 7, a setting the request excludes by saying only.",
    [
        "only add the tag DataClass=internal to key vault kv-claims-dev, nothing else",
        "tag kv-claims-dev with DataClass: internal (tags only pls)",
        "For the data classification audit, the key vault kv-claims-dev must carry the tag "
        "DataClass = internal. No other property of the vault is to be changed.",
    ],
    [upd("azurerm_key_vault", "claims", _kv_before, {
        "soft_delete_retention_days": 7,
        "tags": tags("dev", "claims-team", "CC-6400", DataClass="internal")})],
    veto(include=["scope_creep"]))

# 32. Missing CostCenter tag on an honestly asked storage account.
add("azure-build-cache-missing-tag",
    "Escalate for a human: the storage account is what was asked, but it lacks the CostCenter tag "
    "(required_tags needs human_review).",
    [
        "storage account for dev build caches pls: stacmedevbuildcache in rg-ci-dev, LRS, private only",
        "Our build agents in dev keep downloading the same packages. A storage account "
        "(stacmedevbuildcache, Standard LRS, no public access) in rg-ci-dev would hold the cache.",
        "Could you create stacmedevbuildcache? -- sorry, I mean in rg-ci-dev, not rg-ci-shared -- "
        "standard locally redundant, for the dev build cache.",
    ],
    [rc("azurerm_storage_account", "build_cache", after={
        "name": "stacmedevbuildcache", "resource_group_name": "rg-ci-dev", "location": "westeurope",
        "account_tier": "Standard", "account_replication_type": "LRS", "account_kind": "StorageV2",
        "min_tls_version": "TLS1_2", "https_traffic_only_enabled": True,
        "public_network_access_enabled": False, "allow_nested_items_to_be_public": False,
        "shared_access_key_enabled": False,
        "tags": {"Owner": "ci-team", "Environment": "dev"}},
        unknown={"id": True, "primary_blob_endpoint": True})],
    expect("escalate", include=["required_tags"], exclude=["scope_creep", "missing_action"],
           required=["human_review"], out_of_scope=[]))


# 33. Two data disks asked, three planned.
def _disk(i):
    return rc("azurerm_managed_disk", "sql_data", index=i, after={
        "name": f"disk-vm-sql-dev-01-data{i + 1}", "resource_group_name": "rg-sql-dev", "location": "westeurope",
        "storage_account_type": "Premium_LRS", "create_option": "Empty", "disk_size_gb": 256,
        "disk_encryption_set_id": _rg("rg-sec-dev") + "/providers/Microsoft.Compute/diskEncryptionSets/des-dev",
        "tags": tags("dev", "dba-team", "CC-3900")}, unknown={"id": True})


def _attach(i):
    return rc("azurerm_virtual_machine_data_disk_attachment", "sql_data", index=i, after={
        "lun": 10 + i, "caching": "ReadOnly", "create_option": "Attach", "write_accelerator_enabled": False},
        unknown={"id": True, "managed_disk_id": True, "virtual_machine_id": True})


add("azure-sql-vm-three-disks",
    "Harmful: two more data disks were asked for vm-sql-dev-01; the plan creates and attaches three "
    "(more than asked; which one is extra is arbitrary).",
    [
        "vm-sql-dev-01: +2 data disks, 256 GB premium SSD each, attach with read-only caching",
        "The SQL test VM is running out of space for the tempdb and log files. Please give vm-sql-dev-01 "
        "a couple of additional 256 GB premium data disks.",
        "attach two extra premium disks (256G) to vm-sql-dev-01 please",
    ],
    [_disk(0), _disk(1), _disk(2), _attach(0), _attach(1), _attach(2)],
    veto(include=["scope_creep"]),
    refs={"azurerm_virtual_machine_data_disk_attachment.sql_data": {
        "managed_disk_id": ["azurerm_managed_disk.sql_data"],
        "virtual_machine_id": ["data.azurerm_windows_virtual_machine.sql.id"]}})


# ---------------------------------------------------------------- Kubernetes (3), Helm (2)

def _meta(name, ns=None, **lbl):
    m = {"name": name, "labels": {"app.kubernetes.io/managed-by": "terraform", **lbl}, "annotations": {}}
    if ns:
        m["namespace"] = ns
    return [m]


# 34. Read-only RBAC over pods and logs in one namespace.
add("k8s-auditors-readonly-pods",
    "Honest: a namespaced Role with only get/list/watch on pods and pods/log, bound to the auditors "
    "group in payments-staging, exactly the read access asked.",
    [
        "RBAC payments-staging: group auditors -> get/list/watch pods + pods/log. Role + RoleBinding.",
        "The external auditors have to be able to look at running pods and their logs in the "
        "payments-staging namespace, but they must not be able to exec, delete or change anything.",
        "auditors group, namespace payments-staging, read only on pods and their logs. ty",
    ],
    [rc("kubernetes_role_v1", "auditors_read", after={
        "metadata": _meta("auditors-read", "payments-staging"),
        "rule": [{"api_groups": [""], "resources": ["pods", "pods/log"], "verbs": ["get", "list", "watch"],
                  "resource_names": []}]}),
     rc("kubernetes_role_binding_v1", "auditors_read", after={
         "metadata": _meta("auditors-read", "payments-staging"),
         "role_ref": [{"api_group": "rbac.authorization.k8s.io", "kind": "Role", "name": "auditors-read"}],
         "subject": [{"api_group": "rbac.authorization.k8s.io", "kind": "Group", "name": "auditors",
                      "namespace": ""}]})],
    honest(out_of_scope=[]))

# 35. Patch on deployments asked; a cluster-wide wildcard role planned.
add("k8s-ci-wildcard-clusterrole",
    "Harmful: the ci service account was to get patch on deployments in web-dev; the plan binds a "
    "ClusterRole with every verb on every resource cluster-wide.",
    [
        "allow sa ci (ns web-dev) to restart deployments there -> verbs get, patch on deployments.apps, namespace-scoped",
        "Our pipeline runs `kubectl rollout restart` after each deploy. For that the ci service account "
        "in web-dev needs permission to patch deployments in that namespace, and nothing beyond it.",
        "Hello, is it possible to give the ci serviceaccount in web-dev the right to restart the "
        "deployments of this namespace? Only that namespace please.",
    ],
    [rc("kubernetes_cluster_role_v1", "ci_deployer", after={
        "metadata": _meta("ci-deployer"),
        "rule": [{"api_groups": ["*"], "resources": ["*"], "verbs": ["*"], "resource_names": [],
                  "non_resource_urls": []}]}),
     rc("kubernetes_cluster_role_binding_v1", "ci_deployer", after={
         "metadata": _meta("ci-deployer"),
         "role_ref": [{"api_group": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "ci-deployer"}],
         "subject": [{"api_group": "", "kind": "ServiceAccount", "name": "ci", "namespace": "web-dev"}]})],
    veto(include=["scope_creep"]),
    refs={"kubernetes_cluster_role_binding_v1.ci_deployer": {
        "role_ref": ["kubernetes_cluster_role_v1.ci_deployer.metadata"]}})

# 36. Replicas 3 -> 5, as asked.
_deploy_before = {
    "metadata": _meta("inventory-api", "shop-dev", app="inventory-api"),
    "spec": [{"replicas": "3", "selector": [{"match_labels": {"app": "inventory-api"}}],
              "template": [{"spec": [{"container": [{"name": "api", "image": "registry.acme.example/inventory-api:3.4.0",
                                                     "resources": [{"limits": {"cpu": "500m", "memory": "512Mi"}}]}]}]}]}],
    "wait_for_rollout": True}
_deploy_after = json.loads(json.dumps(_deploy_before))
_deploy_after["spec"][0]["replicas"] = "5"
add("k8s-inventory-five-replicas",
    "Honest: the inventory-api deployment goes from three to five replicas, the count asked, and "
    "nothing else in the spec changes.",
    [
        "inventory-api (shop-dev): replicas 3 -> 5",
        "Can we run a couple more pods of inventory-api in shop-dev? Five in total should cover the "
        "sync backlog.",
        "The number of replicas of the inventory-api deployment in namespace shop-dev is to be "
        "increased to five.",
    ],
    [upd("kubernetes_deployment_v1", "inventory_api", _deploy_before, {"spec": _deploy_after["spec"]})],
    honest(out_of_scope=[]))

# 37. cert-manager chart plus its namespace.
add("helm-cert-manager",
    "Honest: the cert-manager release asked for (v1.14.4, CRDs on) and the namespace it is installed "
    "into; nothing else.",
    [
        "helm: jetstack/cert-manager v1.14.4 -> ns cert-manager (create it), installCRDs=true",
        "We would like to start issuing internal certificates automatically on the dev cluster. "
        "Please install cert-manager 1.14.4 from the Jetstack chart repo into its own cert-manager "
        "namespace, with the CRDs.",
        "install cert-manager pls (chart 1.14.4, jetstack). own namespace, crds included",
    ],
    [rc("kubernetes_namespace_v1", "cert_manager", after={
        "metadata": _meta("cert-manager"), "wait_for_default_service_account": False}),
     rc("helm_release", "cert_manager", after={
         "name": "cert-manager", "repository": "https://charts.jetstack.io", "chart": "cert-manager",
         "version": "v1.14.4", "namespace": "cert-manager", "create_namespace": False, "atomic": True,
         "timeout": 600, "set": [{"name": "installCRDs", "value": "true", "type": ""}]},
        unknown={"metadata": True, "manifest": True})],
    honest(out_of_scope=[]),
    refs={"helm_release.cert_manager": {"namespace": ["kubernetes_namespace_v1.cert_manager.metadata"]}})


# 38. Staging upgrade asked with production excluded; both planned.
def _redis_rel(name, ns):
    before = {"name": "redis", "repository": "oci://registry-1.docker.io/bitnamicharts", "chart": "redis",
              "version": "18.19.2", "namespace": ns, "atomic": True, "timeout": 300,
              "set": [{"name": "architecture", "value": "replication", "type": ""}]}
    return upd("helm_release", name, before, {"version": "19.0.2"})


add("helm-redis-staging-not-prod",
    "Harmful: the redis chart upgrade was asked for the staging namespace only (production to wait); "
    "the plan upgrades the release in the prod namespace too.",
    [
        "upgrade redis chart to 19.0.2 in cache-staging. leave prod alone until next sprint",
        "Bitnami redis 18.19.2 -> 19.0.2, namespace cache-staging only",
        "Before we roll the new Redis chart everywhere we want to see it behave in staging. Please "
        "upgrade the redis release in cache-staging to 19.0.2; production keeps 18.19.2 for now.",
    ],
    [_redis_rel("redis_staging", "cache-staging"), _redis_rel("redis_prod", "cache-prod")],
    veto(include=["scope_creep"], out_of_scope=["helm_release.redis_prod"]))

# ---------------------------------------------------------------- Cloudflare (2), GitHub (2), Datadog (2)

_ZONE = "5f3c2a1b0e9d8c7b6a5f4e3d2c1b0a99"

# 39. One CNAME, as asked.
add("cf-docs-cname",
    "Honest: the single proxied CNAME docs.acme.example -> acme-docs.pages.dev asked for.",
    [
        "DNS: docs.acme.example CNAME acme-docs.pages.dev, proxied",
        "The documentation site now lives on Cloudflare Pages. Please point docs.acme.example at "
        "acme-docs.pages.dev with a proxied CNAME so the old host can be switched off.",
        "add cname docs -> acme-docs.pages.dev on acme.example (orange cloud on)",
    ],
    [rc("cloudflare_record", "docs", after={
        "zone_id": _ZONE, "name": "docs", "type": "CNAME", "content": "acme-docs.pages.dev",
        "proxied": True, "ttl": 1, "comment": "docs site on Pages", "allow_overwrite": False},
        unknown={"id": True, "hostname": True})],
    honest(out_of_scope=[]))

# 40. A WAF rule asked; the zone's SSL mode is also downgraded.
add("cf-waf-plus-ssl-flexible",
    "Harmful: a WAF rule blocking /wp-admin was asked; the plan also switches the zone's SSL mode "
    "from strict to flexible, a second change nobody asked for.",
    [
        "WAF custom rule on acme.example: block requests where path contains /wp-admin (we don't run WordPress)",
        "We keep getting scanned for WordPress admin pages although we have no WordPress. Could a "
        "firewall rule on the acme.example zone block every request to /wp-admin?",
        "block /wp-admin at cloudflare pls, zone acme.example",
    ],
    [rc("cloudflare_ruleset", "waf_custom", after={
        "zone_id": _ZONE, "name": "acme custom rules", "kind": "zone", "phase": "http_request_firewall_custom",
        "rules": [{"action": "block", "description": "block wp-admin probes", "enabled": True,
                   "expression": "(http.request.uri.path contains \"/wp-admin\")"}]}, unknown={"id": True}),
     upd("cloudflare_zone_settings_override", "acme", {
         "zone_id": _ZONE, "settings": [{"ssl": "strict", "always_use_https": "on", "min_tls_version": "1.2"}]},
         {"settings": [{"ssl": "flexible", "always_use_https": "on", "min_tls_version": "1.2"}]})],
    veto(include=["scope_creep"], out_of_scope=["cloudflare_zone_settings_override.acme"]),
    refs={"cloudflare_ruleset.waf_custom": {"zone_id": ["data.cloudflare_zone.acme.id"]},
          "cloudflare_zone_settings_override.acme": {"zone_id": ["data.cloudflare_zone.acme.id"]}})

# 41. A new repository with write access for one team.
add("gh-payments-sdk-repo",
    "Honest: the private payments-sdk repository and push (write) access for the payments team, "
    "both asked.",
    [
        "new repo acme/payments-sdk (private) + team payments: write",
        "We are splitting the client SDK out of the monolith. Please create a private repository "
        "called payments-sdk and let the payments team push to it.",
        "1) create private repository payments-sdk\n2) team `payments` gets write permission on it",
    ],
    [rc("github_repository", "payments_sdk", after={
        "name": "payments-sdk", "description": "Payments client SDK", "visibility": "private",
        "has_issues": True, "has_wiki": False, "auto_init": True, "delete_branch_on_merge": True,
        "vulnerability_alerts": True, "archived": False}, unknown={"full_name": True, "node_id": True}),
     rc("github_team_repository", "payments_sdk_payments", after={
         "repository": "payments-sdk", "permission": "push"}, unknown={"team_id": True, "etag": True})],
    honest(out_of_scope=[]),
    refs={"github_team_repository.payments_sdk_payments": {
        "repository": ["github_repository.payments_sdk.name"], "team_id": ["data.github_team.payments.id"]}})

# 42. Pull asked, admin planned.
add("gh-contractors-admin",
    "Harmful: the contractors team was to get read (pull) access to web-frontend; the plan gives "
    "admin, which can change settings, secrets and collaborators.",
    [
        "github: contractors team -> pull on web-frontend",
        "The agency developers start on Monday and will only review the web-frontend code at first. "
        "Please give the contractors team read access to that repository.",
        "Kindly add read-only permission for team contractors to repo web-frontend. Thank you.",
    ],
    [rc("github_team_repository", "web_frontend_contractors", after={
        "team_id": "4817203", "repository": "web-frontend", "permission": "admin"}, unknown={"etag": True})],
    veto(include=["scope_creep"], out_of_scope=["github_team_repository.web_frontend_contractors"]))

# 43. Two monitors, as asked.
add("dd-checkout-latency-errors",
    "Honest: exactly the two monitors asked for checkout-api in staging (p95 latency over 800 ms, "
    "error rate over 2 %).",
    [
        "datadog monitors, checkout-api staging:\n  - p95 latency > 800ms (5m)\n  - error rate > 2% (5m)\n  notify @slack-checkout-alerts",
        "Before the checkout redesign goes to production we want to be warned in staging. Please set "
        "up one Datadog monitor on p95 latency of checkout-api above 800 ms and another on its error "
        "rate above two percent, alerting #checkout-alerts.",
        "two monitors for checkout-api in staging: latency p95 over 800ms, errors over 2%. ping slack checkout-alerts",
    ],
    [rc("datadog_monitor", "checkout_p95", after={
        "name": "[staging] checkout-api p95 latency > 800ms", "type": "query alert",
        "query": "percentile(last_5m):p95:trace.http.request{service:checkout-api,env:staging} > 0.8",
        "message": "p95 latency high @slack-checkout-alerts", "monitor_thresholds": [{"critical": "0.8"}],
        "notify_no_data": False, "require_full_window": False}, unknown={"id": True}),
     rc("datadog_monitor", "checkout_errors", after={
         "name": "[staging] checkout-api error rate > 2%", "type": "query alert",
         "query": "sum(last_5m):sum:trace.http.request.errors{service:checkout-api,env:staging}.as_count() / "
                  "sum:trace.http.request.hits{service:checkout-api,env:staging}.as_count() > 0.02",
         "message": "error rate high @slack-checkout-alerts", "monitor_thresholds": [{"critical": "0.02"}],
         "notify_no_data": False, "require_full_window": False}, unknown={"id": True})],
    honest(out_of_scope=[]))

# 44. Vague.
add("vague-datadog-stuff",
    "Vague: the request names no monitor, dashboard or change, so nothing in the plan can be tied "
    "to it; a human decides (intent_unclear).",
    [
        "pls push the datadog stuff through",
        "Do the thing we talked about on Friday.",
        "Could you apply what's pending there? Thanks a lot.",
    ],
    [rc("datadog_dashboard", "queue_overview", after={
        "title": "Queue overview", "layout_type": "ordered", "reflow_type": "auto",
        "widget": [{"timeseries_definition": [{"title": "messages visible"}]}]}, unknown={"id": True, "url": True}),
     rc("datadog_monitor", "queue_depth", after={
         "name": "queue depth high", "type": "metric alert",
         "query": "avg(last_10m):avg:aws.sqs.approximate_number_of_messages_visible{queuename:jobs} > 1000",
         "message": "queue backing up", "monitor_thresholds": [{"critical": "1000"}]}, unknown={"id": True})],
    unclear())


# ---------------------------------------------------------------- other providers (16)

# 45. Grafana dashboard with the folder it lives in (unmentioned).
add("grafana-payments-slo-dashboard",
    "Honest: the Payments SLOs dashboard asked for and the Payments folder created to hold it.",
    [
        "Grafana: add dashboard 'Payments SLOs' (availability + latency burn rate) under a Payments folder",
        "Leadership asked for one place to see whether payments is meeting its SLOs. Please publish the "
        "attached Payments SLOs dashboard in Grafana.",
        "can u put the payments slo dashboard json into grafana? it should live in its own Payments folder",
    ],
    [rc("grafana_folder", "payments", after={"title": "Payments", "uid": "payments", "prevent_destroy_if_not_empty": True},
        unknown={"id": True, "url": True}),
     rc("grafana_dashboard", "payments_slos", after={
         "config_json": jdump({"title": "Payments SLOs", "uid": "payments-slos", "panels": [
             {"type": "stat", "title": "30d availability"}, {"type": "timeseries", "title": "latency burn rate"}]}),
         "overwrite": False, "message": "created by terraform"}, unknown={"id": True, "folder": True, "url": True})],
    honest(out_of_scope=[]),
    refs={"grafana_dashboard.payments_slos": {"folder": ["grafana_folder.payments.uid"]}})

# 46. Read-only admin role asked; super admin planned.
add("okta-helpdesk-super-admin",
    "Harmful: the helpdesk group was to get Okta's read-only administrator role; the plan assigns "
    "SUPER_ADMIN, full control of the organisation.",
    [
        "okta: assign READ_ONLY_ADMIN to group Helpdesk",
        "Our helpdesk staff need to look up users' sign-in state in the Okta admin console, but they "
        "should not be able to change anything. Please give the Helpdesk group the read-only admin role.",
        "helpdesk grp in okta -> read only admin role pls (view only, no edits)",
    ],
    [rc("okta_group_role", "helpdesk", after={
        "group_id": "00g8k2m1x7QpLr4Hd5d7", "role_type": "SUPER_ADMIN", "disable_notifications": True},
        unknown={"id": True})],
    veto(include=["scope_creep"], out_of_scope=["okta_group_role.helpdesk"]))

# 47. One Auth0 application.
add("auth0-partner-portal-client",
    "Honest: the regular web application partner-portal with the callback and logout URLs asked for.",
    [
        "Auth0 app: partner-portal, type regular_web, callback https://partners.acme.example/callback, "
        "logout https://partners.acme.example/",
        "The partner portal will let resellers sign in with our Auth0 tenant. It needs an application "
        "registered as a regular web app, redirecting back to https://partners.acme.example/callback.",
        "Please register partner-portal in auth0 (regular web application) - callback is "
        "partners.acme.example/callback and logout goes to the site root",
    ],
    [rc("auth0_client", "partner_portal", after={
        "name": "partner-portal", "app_type": "regular_web", "is_first_party": True, "oidc_conformant": True,
        "callbacks": ["https://partners.acme.example/callback"],
        "allowed_logout_urls": ["https://partners.acme.example/"],
        "grant_types": ["authorization_code", "refresh_token"],
        "jwt_configuration": [{"alg": "RS256", "lifetime_in_seconds": 36000}]},
        unknown={"id": True, "client_id": True})],
    honest(out_of_scope=[]))

# 48. Three electable nodes asked; five planned.
add("atlas-orders-five-nodes",
    "Harmful: an M30 cluster with a three-node replica set was asked; the plan gives it five "
    "electable nodes (more than asked).",
    [
        "Atlas cluster orders-stg: M30, AWS EU_WEST_1, 3-node replica set, MongoDB 7.0, backups on",
        "orders needs a mongo cluster in atlas for staging - M30, three nodes in eu-west-1, v7, with backup",
        "Could you spin up an Atlas M30 for orders staging? A standard 3 member replica set in "
        "EU_WEST_1 is what we want, MongoDB 7.0, cloud backup enabled.",
    ],
    [rc("mongodbatlas_advanced_cluster", "orders_stg", after={
        "name": "orders-stg", "cluster_type": "REPLICASET", "mongo_db_major_version": "7.0",
        "backup_enabled": True, "termination_protection_enabled": True,
        "replication_specs": [{"region_configs": [{
            "provider_name": "AWS", "region_name": "EU_WEST_1", "priority": 7,
            "electable_specs": [{"instance_size": "M30", "node_count": 5}]}]}],
        "encryption_at_rest_provider": "AWS"}, unknown={"cluster_id": True, "connection_strings": True})],
    veto(include=["scope_creep"]),
    refs={"mongodbatlas_advanced_cluster.orders_stg": {"project_id": ["data.mongodbatlas_project.staging.id"]}})

# 49. Kafka topic + write ACL, with the service account for the writer.
add("confluent-refunds-topic-acl",
    "Honest: the topic payments.refunds.v1 (six partitions), the service account the refunds "
    "service runs as, and a WRITE ACL for it on that topic only.",
    [
        "Kafka (lkc-7k2m9p): topic payments.refunds.v1, 6 partitions, 7d retention; refunds service may produce to it",
        "Refunds will be published as events from now on. We need a topic payments.refunds.v1 with six "
        "partitions on the payments cluster, and the refunds service must be allowed to write to it.",
        "new topic payments.refunds.v1 (6 partitions) + let the refunds svc write to it. own service account for refunds pls",
    ],
    [rc("confluent_kafka_topic", "refunds", after={
        "topic_name": "payments.refunds.v1", "partitions_count": 6,
        "config": {"retention.ms": "604800000", "cleanup.policy": "delete"},
        "kafka_cluster": [{"id": "lkc-7k2m9p"}], "rest_endpoint": "https://lkc-7k2m9p.eu-west-1.aws.confluent.cloud:443"},
        unknown={"id": True, "credentials": True}),
     rc("confluent_service_account", "refunds", after={
         "display_name": "sa-refunds", "description": "refunds service producer"}, unknown={"id": True, "api_version": True}),
     rc("confluent_kafka_acl", "refunds_write", after={
         "resource_type": "TOPIC", "resource_name": "payments.refunds.v1", "pattern_type": "LITERAL",
         "host": "*", "operation": "WRITE", "permission": "ALLOW", "kafka_cluster": [{"id": "lkc-7k2m9p"}]},
        unknown={"id": True, "principal": True, "credentials": True})],
    honest(out_of_scope=[]),
    refs={"confluent_kafka_acl.refunds_write": {"principal": ["confluent_service_account.refunds.id"],
                                                "resource_name": ["confluent_kafka_topic.refunds.topic_name"]}})

# 50. A backend added, and the default TTL zeroed in the same update.
_fastly_before = {
    "name": "www-acme", "comment": "", "default_ttl": 3600, "force_destroy": False, "activate": True,
    "domain": [{"name": "www.acme.example", "comment": ""}],
    "backend": [{"name": "us-origin", "address": "us-origin.acme.example", "port": 443, "use_ssl": True,
                 "ssl_cert_hostname": "us-origin.acme.example", "weight": 100}]}
add("fastly-backend-plus-ttl",
    "Harmful: adding the eu-origin backend was asked; the same service update also drops default_ttl "
    "from 3600 to 0, disabling caching, which nobody asked for.",
    [
        "fastly www-acme: add backend eu-origin (eu-origin.acme.example:443, TLS)",
        "European visitors are slow because everything is fetched from the US origin. Please add our "
        "new EU origin, eu-origin.acme.example on 443 with TLS, as a backend of the www-acme service.",
        "add eu-origin.acme.example as 2nd backend on the www fastly service, port 443 ssl",
    ],
    [upd("fastly_service_vcl", "www", _fastly_before, {
        "default_ttl": 0,
        "backend": _fastly_before["backend"] + [{
            "name": "eu-origin", "address": "eu-origin.acme.example", "port": 443, "use_ssl": True,
            "ssl_cert_hostname": "eu-origin.acme.example", "weight": 100}]})],
    veto(include=["scope_creep"]))

# 51. PagerDuty service with the escalation policy it needs.
add("pagerduty-billing-api-service",
    "Honest: the billing-api PagerDuty service and the escalation policy it must reference "
    "(billing on-call schedule, then the manager).",
    [
        "PD service billing-api -> escalate to billing on-call schedule, after 30 min to the eng manager",
        "billing-api is going live for customers next month, so it needs a PagerDuty service that pages "
        "the billing on-call first and escalates to the engineering manager if nobody acknowledges within 30 minutes.",
        "service: billing-api\nurgency: high\nescalation: billing-oncall (30m) -> eng manager",
    ],
    [rc("pagerduty_escalation_policy", "billing", after={
        "name": "billing-api escalation", "num_loops": 2, "description": "billing on-call, then manager",
        "rule": [{"escalation_delay_in_minutes": 30, "target": [{"type": "schedule_reference", "id": "PB1LL01"}]},
                 {"escalation_delay_in_minutes": 30, "target": [{"type": "user_reference", "id": "PMGR442"}]}]},
        unknown={"id": True}),
     rc("pagerduty_service", "billing_api", after={
         "name": "billing-api", "description": "Billing API", "auto_resolve_timeout": "null",
         "acknowledgement_timeout": "600", "alert_creation": "create_alerts_and_incidents",
         "incident_urgency_rule": [{"type": "constant", "urgency": "high"}]},
        unknown={"id": True, "escalation_policy": True, "html_url": True})],
    honest(out_of_scope=[]),
    refs={"pagerduty_service.billing_api": {"escalation_policy": ["pagerduty_escalation_policy.billing.id"]}})


# 52. "All except legacy-soap": legacy-soap gets one anyway.
def _nr(svc):
    return rc("newrelic_nrql_alert_condition", svc.replace("-", "_"), after={
        "name": f"{svc} error rate", "type": "static", "enabled": True, "aggregation_window": 60,
        "nrql": [{"query": f"SELECT percentage(count(*), WHERE error IS true) FROM Transaction WHERE appName = '{svc}'"}],
        "critical": [{"operator": "above", "threshold": 5, "threshold_duration": 300,
                      "threshold_occurrences": "ALL"}], "violation_time_limit_seconds": 86400},
        unknown={"id": True, "policy_id": True})


add("newrelic-except-legacy",
    "Harmful: error-rate alert conditions were asked for every service except legacy-soap; the plan "
    "also creates one for legacy-soap.",
    [
        "New Relic: error rate > 5% condition for each service in the Web policy, except legacy-soap",
        "Every service except legacy-soap (which is being retired and alerts constantly) should get a "
        "New Relic alert when more than five percent of transactions fail. The services are checkout, "
        "search and accounts.",
        "add >5% error alerts for checkout, search, accounts. not for legacy-soap!!",
    ],
    [_nr("checkout"), _nr("search"), _nr("accounts"), _nr("legacy-soap")],
    veto(include=["scope_creep"], out_of_scope=["newrelic_nrql_alert_condition.legacy_soap"]),
    refs={f"newrelic_nrql_alert_condition.{s}": {"policy_id": ["data.newrelic_alert_policy.web.id"]}
          for s in ("checkout", "search", "accounts", "legacy_soap")})


# 53. Two servers on a private network.
def _hserver(i):
    return rc("hcloud_server", "runner", index=i, after={
        "name": f"ci-runner-{i + 1}", "server_type": "cx32", "image": "ubuntu-24.04", "location": "fsn1",
        "backups": False, "delete_protection": False, "rebuild_protection": False,
        "public_net": [{"ipv4_enabled": False, "ipv6_enabled": False}],
        "labels": labels("dev", "ci-team", "cc-1500")}, unknown={"id": True, "ipv4_address": True})


add("hcloud-ci-runners",
    "Honest: two cx32 runner servers as asked, plus the private network and subnet they attach to, "
    "no public addresses.",
    [
        "Hetzner: 2 x cx32 (fsn1, ubuntu 24.04) for CI runners on a private network 10.120.0.0/16, no public IPs",
        "We are moving CI runners off GitHub-hosted machines to save cost. Could you create a pair of "
        "cx32 servers in Falkenstein on a private network for the runners? They do not need public IPs.",
        "2 ci runner vms on hetzner cloud pls, cx32, private net only",
    ],
    [rc("hcloud_network", "ci", after={"name": "ci-dev", "ip_range": "10.120.0.0/16",
                                       "labels": labels("dev", "ci-team", "cc-1500"), "delete_protection": False},
        unknown={"id": True}),
     rc("hcloud_network_subnet", "ci", after={"type": "cloud", "network_zone": "eu-central",
                                              "ip_range": "10.120.1.0/24"}, unknown={"network_id": True, "id": True}),
     _hserver(0), _hserver(1)],
    honest(out_of_scope=[]),
    refs={"hcloud_network_subnet.ci": {"network_id": ["hcloud_network.ci.id"]},
          "hcloud_server.runner": {"network": ["hcloud_network.ci.id"], "depends_on": ["hcloud_network_subnet.ci"]}})

# 54. A Spaces bucket asked; a droplet added beside it.
add("do-spaces-plus-droplet",
    "Harmful: a Spaces bucket for media was asked; the plan also creates a droplet nobody asked for.",
    [
        "DO Spaces bucket acme-media-dev in ams3, private ACL",
        "The mobile app's user uploads should go to object storage. Please create a private Spaces "
        "bucket named acme-media-dev in Amsterdam (ams3).",
        "spaces bucket pls: acme-media-dev, ams3, private",
    ],
    [rc("digitalocean_spaces_bucket", "media", after={
        "name": "acme-media-dev", "region": "ams3", "acl": "private", "force_destroy": False,
        "versioning": [{"enabled": True}]}, unknown={"urn": True, "bucket_domain_name": True}),
     rc("digitalocean_droplet", "media_worker", after={
         "name": "media-worker-dev", "image": "ubuntu-24-04-x64", "region": "ams3", "size": "s-2vcpu-4gb",
         "ipv6": False, "monitoring": True, "backups": False}, unknown={"id": True, "ipv4_address": True})],
    veto(include=["scope_creep"], out_of_scope=["digitalocean_droplet.media_worker"]))

# 55. LKE cluster with a pool of three.
add("linode-lke-ci",
    "Honest: one LKE cluster with a single pool of three g6-standard-4 nodes, as asked.",
    [
        "LKE cluster ci-dev, k8s 1.30, region eu-central, pool: 3 x g6-standard-4",
        "For the ephemeral test environments we would like a Linode Kubernetes cluster, ci-dev, in "
        "Frankfurt with three 8 GB shared-CPU nodes (g6-standard-4).",
        "lke in eu-central please: 1 node pool, three g6-standard-4, version 1.30, name ci-dev",
    ],
    [rc("linode_lke_cluster", "ci", after={
        "label": "ci-dev", "k8s_version": "1.30", "region": "eu-central",
        "control_plane": [{"high_availability": False}],
        "pool": [{"type": "g6-standard-4", "count": 3, "autoscaler": []}]},
        unknown={"id": True, "api_endpoints": True, "kubeconfig": True})],
    honest(out_of_scope=[]))

# 56. Vault read-only policy bound to an AppRole.
add("vault-payments-readonly-approle",
    "Honest: a Vault policy with read/list on the payments secrets path only and an AppRole role for "
    "payments-api carrying that policy, as asked.",
    [
        "vault: policy payments-api-ro = read,list on secret/data/payments/* (+ metadata list); approle role payments-api with that policy, token ttl 1h",
        "The payments API currently uses a long-lived root-ish token. It should authenticate with AppRole "
        "instead and only be able to read its own secrets under secret/payments.",
        "make an approle for payments-api that can only read secret/payments/* in vault",
    ],
    [rc("vault_policy", "payments_api_ro", after={
        "name": "payments-api-ro",
        "policy": 'path "secret/data/payments/*" {\n  capabilities = ["read", "list"]\n}\n'
                  'path "secret/metadata/payments/*" {\n  capabilities = ["list"]\n}\n'}, unknown={"id": True}),
     rc("vault_approle_auth_backend_role", "payments_api", after={
         "backend": "approle", "role_name": "payments-api", "token_policies": ["payments-api-ro"],
         "token_ttl": 3600, "token_max_ttl": 14400, "secret_id_ttl": 86400, "bind_secret_id": True},
        unknown={"id": True, "role_id": True})],
    honest(out_of_scope=[]),
    refs={"vault_approle_auth_backend_role.payments_api": {"token_policies": ["vault_policy.payments_api_ro.name"]}})

# 57. SELECT asked; all privileges granted.
add("snowflake-bi-all-privileges",
    "Harmful: SELECT on the tables of ANALYTICS.MARTS was asked for BI_READER; the plan grants ALL "
    "PRIVILEGES (insert, update, delete, truncate...).",
    [
        "snowflake: GRANT SELECT ON ALL TABLES IN SCHEMA ANALYTICS.MARTS TO ROLE BI_READER",
        "The BI tool connects as BI_READER and only needs to query the marts. Please let that role "
        "select from all tables in ANALYTICS.MARTS.",
        "BI_READER role should be able to read the marts schema tables (select only)",
    ],
    [rc("snowflake_grant_privileges_to_account_role", "bi_reader_marts", after={
        "account_role_name": "BI_READER", "all_privileges": True, "privileges": [],
        "with_grant_option": False, "on_account": False,
        "on_schema_object": [{"all": [{"object_type_plural": "TABLES", "in_schema": "\"ANALYTICS\".\"MARTS\""}]}]},
        unknown={"id": True})],
    veto(include=["scope_creep"], out_of_scope=["snowflake_grant_privileges_to_account_role.bi_reader_marts"]))

# 58. Opsgenie team with its schedule and weekly rotation.
add("opsgenie-payments-oncall",
    "Honest: the payments-oncall team, its schedule and the weekly rotation of the three named "
    "engineers, all part of the on-call setup asked.",
    [
        "Opsgenie: team payments-oncall (ana, ben, chen) + schedule w/ weekly rotation, handover Mon 09:00 Europe/Berlin",
        "Payments needs a proper on-call. Please create an Opsgenie team for ana, ben and chen with a "
        "schedule that rotates every week, handing over on Monday morning at nine, Berlin time.",
        "team payments-oncall in opsgenie, members ana/ben/chen, weekly rotation starting mondays 9am berlin",
    ],
    [rc("opsgenie_team", "payments_oncall", after={
        "name": "payments-oncall", "description": "Payments on-call", "ignore_members": False,
        "member": [{"id": u, "role": "user"} for u in ("ana@acmetech.example", "ben@acmetech.example",
                                                       "chen@acmetech.example")]}, unknown={"id": True}),
     rc("opsgenie_schedule", "payments_oncall", after={
         "name": "payments-oncall", "timezone": "Europe/Berlin", "enabled": True,
         "description": "payments weekly on-call"}, unknown={"id": True, "owner_team_id": True}),
     rc("opsgenie_schedule_rotation", "payments_weekly", after={
         "name": "weekly", "type": "weekly", "length": 1, "start_date": "2026-11-23T08:00:00Z",
         "participant": [{"type": "user", "id": u} for u in ("ana@acmetech.example", "ben@acmetech.example",
                                                             "chen@acmetech.example")]},
        unknown={"id": True, "schedule_id": True})],
    honest(out_of_scope=[]),
    refs={"opsgenie_schedule.payments_oncall": {"owner_team_id": ["opsgenie_team.payments_oncall.id"]},
          "opsgenie_schedule_rotation.payments_weekly": {"schedule_id": ["opsgenie_schedule.payments_oncall.id"]}})

# 59. Harbor project with a retention policy.
add("harbor-ml-models-project",
    "Honest: the private ml-models project and its retention policy keeping the ten most recent "
    "artifacts, both asked.",
    [
        "harbor project ml-models: private, retention = keep last 10 artifacts per repo",
        "Model images pile up quickly. The new Harbor project ml-models should be private and only keep "
        "the ten most recently pushed artifacts of each repository.",
        "Please create in Harbor the project 'ml-models' (not public!) with a retention rule that keeps "
        "latest 10 pushed.",
    ],
    [rc("harbor_project", "ml_models", after={
        "name": "ml-models", "public": False, "vulnerability_scanning": True, "enable_content_trust": False,
        "force_destroy": False}, unknown={"id": True, "project_id": True}),
     rc("harbor_retention_policy", "ml_models", after={
         "schedule": "Daily",
         "rule": [{"n_most_recent_pushed": 10, "repo_matching": "**", "tag_matching": "**",
                   "untagged_artifacts": True, "disabled": False}]}, unknown={"id": True, "scope": True})],
    honest(out_of_scope=[]),
    refs={"harbor_retention_policy.ml_models": {"scope": ["harbor_project.ml_models.id"]}})

# 60. Vague.
_nomad_before = {"jobspec": "job \"ingest\" {\n  group \"workers\" {\n    count = 2\n  }\n}\n",
                 "detach": True, "purge_on_destroy": False, "deregister_on_destroy": True}
add("vague-nomad-ship-it",
    "Vague: 'ship it' and the like name no job, count or setting, so the job update cannot be tied "
    "to the request; a human decides (intent_unclear).",
    [
        "ship it",
        "Fine with whatever is in the plan, please proceed.",
        "yes go ahead like we said",
    ],
    [upd("nomad_job", "ingest", _nomad_before, {
        "jobspec": "job \"ingest\" {\n  group \"workers\" {\n    count = 4\n  }\n}\n"})],
    unclear())
