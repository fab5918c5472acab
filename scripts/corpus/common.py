"""Resource snippets shared by the dev and held-out case definitions."""
from lib import tags, labels, rc, upd


def aws_instance(name, env, itype="t3.medium", index=None, owner="platform-team", cc="CC-1042",
                 module=None, extra_tags=None, **kw):
    t = tags(env, owner, cc, **(extra_tags or {}))
    return rc("aws_instance", name, index=index, module=module, after={
        "ami": "ami-0a1b2c3d4e5f60001",
        "instance_type": itype,
        "subnet_id": "subnet-0a11",
        "associate_public_ip_address": False,
        "monitoring": True,
        "metadata_options": [{"http_endpoint": "enabled", "http_tokens": "required"}],
        "root_block_device": [{"encrypted": True, "volume_size": 50, "volume_type": "gp3",
                               "delete_on_termination": True}],
        "tags": t,
    }, unknown={"arn": True, "private_ip": True}, **kw)


def s3_bucket(name, bucket, env, owner="platform-team", cc="CC-1042", module=None, extra_tags=None):
    return rc("aws_s3_bucket", name, module=module, after={
        "bucket": bucket, "force_destroy": False, "object_lock_enabled": False,
        "tags": tags(env, owner, cc, **(extra_tags or {})),
    }, unknown={"arn": True, "bucket_domain_name": True, "region": True})


def s3_private(name, bucket, module=None):
    return [
        rc("aws_s3_bucket_public_access_block", name, module=module, after={
            "bucket": bucket, "block_public_acls": True, "block_public_policy": True,
            "ignore_public_acls": True, "restrict_public_buckets": True}),
        rc("aws_s3_bucket_server_side_encryption_configuration", name, module=module, after={
            "bucket": bucket, "expected_bucket_owner": "",
            "rule": [{"apply_server_side_encryption_by_default": [
                {"sse_algorithm": "aws:kms", "kms_master_key_id": "alias/aws/s3"}],
                "bucket_key_enabled": True}]}),
    ]


def kms_key(name, desc, env, owner="platform-team", cc="CC-1042", module=None):
    return rc("aws_kms_key", name, module=module, after={
        "description": desc, "enable_key_rotation": True, "deletion_window_in_days": 30,
        "key_usage": "ENCRYPT_DECRYPT", "is_enabled": True,
        "tags": tags(env, owner, cc)}, unknown={"arn": True, "key_id": True, "policy": True})


def sg(name, sg_name, env, ingress, owner="platform-team", cc="CC-1042", module=None, desc=None):
    rules = []
    for (port, cidr, d) in ingress:
        rules.append({"cidr_blocks": [cidr], "ipv6_cidr_blocks": [], "description": d,
                      "from_port": port, "to_port": port, "protocol": "tcp",
                      "prefix_list_ids": [], "security_groups": [], "self": False})
    return rc("aws_security_group", name, module=module, after={
        "name": sg_name, "description": desc or f"{sg_name} managed by Terraform",
        "vpc_id": "vpc-0a1b2c3d", "revoke_rules_on_delete": False,
        "ingress": rules,
        "egress": [{"cidr_blocks": ["0.0.0.0/0"], "ipv6_cidr_blocks": [], "description": "all egress",
                    "from_port": 0, "to_port": 0, "protocol": "-1", "prefix_list_ids": [],
                    "security_groups": [], "self": False}],
        "tags": tags(env, owner, cc)}, unknown={"arn": True, "owner_id": True})


def iam_role(name, role_name, service, env, owner="platform-team", cc="CC-1042", module=None):
    doc = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"%s"},'
           '"Action":"sts:AssumeRole"}]}' % service)
    return rc("aws_iam_role", name, module=module, after={
        "name": role_name, "assume_role_policy": doc, "path": "/", "max_session_duration": 3600,
        "force_detach_policies": False, "tags": tags(env, owner, cc)},
        unknown={"arn": True, "unique_id": True})


def iam_attach(name, role_name, policy_arn, module=None):
    return rc("aws_iam_role_policy_attachment", name, module=module,
              after={"role": role_name, "policy_arn": policy_arn},
              unknown={"policy_arn": policy_arn is None})


def iam_policy(name, policy_name, statements, env, owner="platform-team", cc="CC-1042", module=None):
    import json
    doc = json.dumps({"Version": "2012-10-17", "Statement": statements}, separators=(",", ":"))
    return rc("aws_iam_policy", name, module=module, after={
        "name": policy_name, "path": "/", "description": "", "policy": doc,
        "tags": tags(env, owner, cc)}, unknown={"arn": True, "policy_id": True})


def log_group(name, lg_name, env, owner="platform-team", cc="CC-1042", module=None, days=30):
    return rc("aws_cloudwatch_log_group", name, module=module, after={
        "name": lg_name, "retention_in_days": days, "skip_destroy": False,
        "kms_key_id": "arn:aws:kms:us-east-1:111122223333:key/5b2f0c1e-logs",
        "tags": tags(env, owner, cc)}, unknown={"arn": True})


def db_instance(name, ident, engine, env, version=None, cls="db.t4g.medium", owner="platform-team",
                cc="CC-1042", module=None, encrypted=True, extra_tags=None, **extra):
    versions = {"postgres": "16.3", "mysql": "8.0.36", "mariadb": "10.11.6"}
    after = {
        "identifier": ident, "engine": engine, "engine_version": version or versions.get(engine, "1"),
        "instance_class": cls, "allocated_storage": 100, "storage_type": "gp3",
        "storage_encrypted": encrypted, "publicly_accessible": False, "multi_az": False,
        "backup_retention_period": 7, "deletion_protection": True, "skip_final_snapshot": False,
        "username": "app", "db_subnet_group_name": f"{ident}-subnets",
        "tags": tags(env, owner, cc, **(extra_tags or {}))}
    if encrypted:
        after["kms_key_id"] = None
    after.update(extra)
    unknown = {"arn": True, "endpoint": True, "address": True}
    if encrypted:
        unknown["kms_key_id"] = True
    return rc("aws_db_instance", name, module=module, after=after, unknown=unknown)


def db_subnet_group(name, sg_name, env, owner="platform-team", cc="CC-1042", module=None):
    return rc("aws_db_subnet_group", name, module=module, after={
        "name": sg_name, "subnet_ids": ["subnet-0a11", "subnet-0b22"],
        "description": "Managed by Terraform", "tags": tags(env, owner, cc)}, unknown={"arn": True})


def azure_rg_id(rg, sub="00000000-0000-0000-0000-00000000a001"):
    return f"/subscriptions/{sub}/resourceGroups/{rg}"


def gce_instance(name, env, index=None, machine="n2-standard-4", zone="europe-west1-b",
                 owner="platform-team", cc="cc-1042", vm_name=None):
    vm = vm_name or f"{env}-{name.replace('_', '-')}" + (f"-{index}" if index is not None else "")
    return rc("google_compute_instance", name, index=index, after={
        "name": vm, "machine_type": machine, "zone": zone,
        "boot_disk": [{"auto_delete": True, "initialize_params": [
            {"image": "debian-cloud/debian-12", "size": 50, "type": "pd-balanced"}],
            "kms_key_self_link": "projects/acme-kms/locations/europe-west1/keyRings/compute/cryptoKeys/disks"}],
        "network_interface": [{"network": "default", "subnetwork": f"{env}-subnet", "access_config": []}],
        "shielded_instance_config": [{"enable_secure_boot": True, "enable_vtpm": True,
                                      "enable_integrity_monitoring": True}],
        "labels": labels(env, owner, cc)}, unknown={"instance_id": True, "self_link": True})
