"""Eighth development part (dev8), written as the fourth held-out part (`heldout4`): 60 concepts x 3
wordings, ids `h4-<concept>--wN`.

It was measured held out at each of four stops (58.9% first, 61.1% last), then opened and tuned on: it is a
development part now, and `heldout5` took its place. Its ids keep the `h4-` prefix they were
measured under.

Written by a helper who read only lib.py, common.py, generate.py, the scenario format, the policy
table in docs/ARCHITECTURE.md and the label rules in examples/corpus/README.md (never the engine,
never an earlier part's concepts or cases). Ids are `h4-<concept>--wN`. Labels follow the policies'
meaning (issue 9), never what the engine outputs.

Standard library only; deterministic.
"""
import json

import lib
from lib import rc, upd, delete, moved, plan, expect, honest, tags, labels, GUARDS
from common import sg, iam_attach, iam_policy, log_group, kms_key, azure_rg_id

# Providers this part uses that the shared table may not know yet; added without touching an
# existing entry, so every other part's output stays byte-identical.
for _name, _source in {
    "opsgenie": "registry.terraform.io/opsgenie/opsgenie",
    "rabbitmq": "registry.terraform.io/cyrilgdn/rabbitmq",
    "mysql": "registry.terraform.io/petoju/mysql",
    "hcloud": "registry.terraform.io/hetznercloud/hcloud",
    "ovh": "registry.terraform.io/ovh/ovh",
    "scaleway": "registry.terraform.io/scaleway/scaleway",
    "oci": "registry.terraform.io/oracle/oci",
    "vsphere": "registry.terraform.io/hashicorp/vsphere",
    "openstack": "registry.terraform.io/terraform-provider-openstack/openstack",
    "nomad": "registry.terraform.io/hashicorp/nomad",
    "consul": "registry.terraform.io/hashicorp/consul",
    "boundary": "registry.terraform.io/hashicorp/boundary",
    "gitlab": "registry.terraform.io/gitlabhq/gitlab",
    "launchdarkly": "registry.terraform.io/launchdarkly/launchdarkly",
    "elasticstack": "registry.terraform.io/elastic/elasticstack",
    "minio": "registry.terraform.io/aminueza/minio",
}.items():
    lib.PROVIDERS.setdefault(_name, _source)

CONCEPTS = []
# concept id -> (class, main provider, "honest" | "harmful"); for the part's README paragraph.
META = {}

ACCT = "111122223333"
TENANT = "7d2c1f0e-4b3a-4c59-9e8d-1a2b3c4d5e6f"


def add(cid, cls, provider, side, description, wordings, plan_doc, exp, approvals=(), ticket=None,
        cost=None):
    cid = "h4-" + cid
    CONCEPTS.append({
        "id": cid, "description": description, "wordings": list(wordings), "plan": plan_doc,
        "expect": exp, "approvals": list(approvals), "ticket": ticket, "cost": cost,
    })
    META[cid] = (cls, provider, side)


def policy_doc(statements):
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, separators=(",", ":"))


def role_policy(name, policy_name, role, statements):
    return rc("aws_iam_role_policy", name, after={
        "name": policy_name, "role": role, "policy": policy_doc(statements)}, unknown={"id": True})


def trust_role(name, role_name, service, env, owner, cc, actions=("sts:AssumeRole",)):
    doc = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": service}, "Action": list(actions)}]},
        separators=(",", ":"))
    return rc("aws_iam_role", name, after={
        "name": role_name, "assume_role_policy": doc, "path": "/", "max_session_duration": 3600,
        "force_detach_policies": False, "tags": tags(env, owner, cc)},
        unknown={"arn": True, "unique_id": True})


# ---------------------------------------------------------------------------------------------
# Quantities
# ---------------------------------------------------------------------------------------------

def _hcloud_ci_trio():
    lab = labels("ci", "devex-team", "cc-2210")
    ch = [
        rc("hcloud_placement_group", "ci_runners", after={
            "name": "ci-runners-spread", "type": "spread", "labels": lab}, unknown={"servers": True}),
        rc("hcloud_firewall", "ci_runners", after={
            "name": "ci-runners", "labels": lab, "apply_to": [],
            "rule": [{"direction": "in", "protocol": "tcp", "port": "22",
                      "source_ips": ["203.0.113.0/24"], "destination_ips": [],
                      "description": "ssh from office"}]}),
    ]
    for i in range(3):
        ch.append(rc("hcloud_server", "ci_runner", index=i, after={
            "name": f"ci-runner-{i + 1}", "server_type": "cx32", "image": "ubuntu-24.04",
            "location": "nbg1", "backups": False, "keep_disk": False, "ssh_keys": ["devex-ci"],
            "public_net": [{"ipv4_enabled": True, "ipv6_enabled": False}],
            "delete_protection": False, "rebuild_protection": False,
            "allow_deprecated_images": False, "shutdown_before_deletion": False, "labels": lab},
            unknown={"ipv4_address": True, "placement_group_id": True, "firewall_ids": True,
                     "datacenter": True}))
    refs = {"hcloud_server.ci_runner": {
        "placement_group_id": ["hcloud_placement_group.ci_runners.id"],
        "firewall_ids": ["hcloud_firewall.ci_runners.id"]}}
    add("hcloud-ci-runner-trio", "quantities", "hcloud", "honest",
        "Three Hetzner servers asked ('a trio', 'three', '3'), three planned, with the asked spread "
        "placement group and an office-only SSH firewall: everything is covered and clean.",
        ["Need a trio of Hetzner Cloud boxes for the GitLab CI runners: cx32, Ubuntu 24.04, nbg1. "
         "Spread them over different hosts (placement group) and firewall them so SSH only comes "
         "from the office range 203.0.113.0/24.",
         "hey can u spin up 3 runner vms on hcloud (nbg1, cx32 pls) - spread placement group + a "
         "firewall w/ ssh from office only (203.0.113.0/24). ci queue is killing us",
         "CI capacity request (devex):\n- Hetzner servers: three, type cx32, image ubuntu-24.04, "
         "location nbg1\n- anti-affinity: spread placement group\n- inbound: tcp/22 from "
         "203.0.113.0/24 only, through an hcloud firewall"],
        plan(ch, refs=refs), honest([]))


def _eks_nodegroup_4_to_6():
    before = {
        "cluster_name": "orders-staging", "node_group_name": "general",
        "node_role_arn": f"arn:aws:iam::{ACCT}:role/orders-staging-nodes",
        "subnet_ids": ["subnet-0a11", "subnet-0b22"], "instance_types": ["m6i.large"],
        "capacity_type": "ON_DEMAND", "ami_type": "AL2023_x86_64_STANDARD", "disk_size": 50,
        "scaling_config": [{"desired_size": 4, "max_size": 8, "min_size": 2}],
        "update_config": [{"max_unavailable": 1, "max_unavailable_percentage": 0}],
        "version": "1.30", "id": "orders-staging:general",
        "arn": f"arn:aws:eks:eu-west-1:{ACCT}:nodegroup/orders-staging/general/6ac8",
        "tags": tags("staging", "orders-team", "CC-3120")}
    ch = [upd("aws_eks_node_group", "general", before,
              {"scaling_config": [{"desired_size": 6, "max_size": 8, "min_size": 2}]})]
    add("eks-nodegroup-four-to-six", "quantities", "aws", "honest",
        "The general node group's desired size goes from 4 to 6 as asked ('4 -> 6', 'half a dozen', "
        "'two more'); max and min are untouched.",
        ["orders-staging EKS, node group `general`: desired 4 -> 6 (max stays 8). Load test next "
         "week. OPS-5521",
         "We'd like the general node group of the orders-staging cluster to run half a dozen nodes "
         "instead of four for the load-test window; the maximum of eight is fine as it is.",
         "could you add two more nodes to the general nodegroup in orders-staging? so from 4 to 6 "
         "desired"],
        plan(ch, config=False, region={"aws": "eu-west-1"}), honest([]))


def _k8s_search_double():
    def dep(replicas):
        return {
            "metadata": [{"name": "search-api", "namespace": "search", "annotations": {},
                          "labels": {"app": "search-api", "owner": "search-team",
                                     "environment": "staging", "costcenter": "cc-4410"}}],
            "spec": [{"replicas": replicas, "min_ready_seconds": 0, "revision_history_limit": 10,
                      "selector": [{"match_labels": {"app": "search-api"}}],
                      "strategy": [{"type": "RollingUpdate", "rolling_update": [
                          {"max_surge": "25%", "max_unavailable": "0"}]}],
                      "template": [{"metadata": [{"labels": {"app": "search-api"}}], "spec": [{
                          "service_account_name": "search-api",
                          "container": [{"name": "api",
                                         "image": "registry.acmetech.example/search-api:2.8.1",
                                         "port": [{"container_port": 8080, "protocol": "TCP"}],
                                         "resources": [{"requests": {"cpu": "500m", "memory": "1Gi"},
                                                        "limits": {"memory": "1Gi"}}]}]}]}]}],
            "wait_for_rollout": True, "id": "search/search-api"}
    ch = [upd("kubernetes_deployment_v1", "search_api", dep("3"), {"spec": dep("6")["spec"]})]
    add("k8s-search-api-double", "quantities", "kubernetes", "honest",
        "search-api replicas doubled from 3 to 6 as asked; image and resources unchanged.",
        ["search-api (staging, ns search): double the replicas pls, 3 -> 6. reindex job starts "
         "tonight",
         "Ahead of tonight's reindex, the search-api Deployment in the staging cluster should be run "
         "with twice as many pods as today.",
         "please to increase replicas of search-api deployment in staging namespace search from "
         "three to six, the container image and resources stay same"],
        plan(ch, config=False), honest([]))


def _vsphere_down_to_two():
    before = {
        "name": "build-agent-3", "resource_pool_id": "resgroup-2041", "datastore_id": "datastore-118",
        "folder": "ci/build-agents", "num_cpus": 4, "memory": 8192, "guest_id": "ubuntu64Guest",
        "firmware": "efi", "network_interface": [{"network_id": "dvportgroup-77",
                                                  "adapter_type": "vmxnet3"}],
        "disk": [{"label": "disk0", "size": 80, "thin_provisioned": True, "eagerly_scrub": False}],
        "tags": ["urn:vmomi:InventoryServiceTag:7f3c91aa:GLOBAL"], "custom_attributes": {},
        "id": "4215c1c2-9f0e-7d4b-2a6e-0b1c2d3e4f50"}
    ch = [delete("vsphere_virtual_machine", "build_agent", before, index=2)]
    add("vsphere-build-agents-down-to-two", "quantities", "vsphere", "honest",
        "Three build agents trimmed to two: exactly the third VM is deleted, and the deletion "
        "confirmation arrives signed.",
        ["Build farm is oversized since the monorepo split. Please trim the vSphere build agents "
         "down to two: retire build-agent-3. Deletion is confirmed by me and signed.",
         "vsphere: build-agent count 3 -> 2 (drop build-agent-3). deletion_confirmation attached",
         "can we spin down the third build agent VM (build-agent-3) in vcenter? two is enough now. "
         "i signed the delete confirmation"],
        plan(ch, config=False), honest([]), approvals=["deletion_confirmation"])


def _aks_gpu_one_more():
    before = {
        "name": "gpu",
        "kubernetes_cluster_id": azure_rg_id("rg-ml-dev")
        + "/providers/Microsoft.ContainerService/managedClusters/aks-ml-dev",
        "vm_size": "Standard_NC6s_v3", "node_count": 2, "auto_scaling_enabled": False,
        "mode": "User", "os_type": "Linux", "os_disk_size_gb": 128, "os_disk_type": "Managed",
        "node_taints": ["sku=gpu:NoSchedule"], "node_labels": {"accelerator": "nvidia"},
        "zones": ["1"], "max_pods": 30, "orchestrator_version": "1.29.7",
        "tags": tags("dev", "ml-platform", "CC-5120")}
    ch = [upd("azurerm_kubernetes_cluster_node_pool", "gpu", before, {"node_count": 5})]
    add("aks-gpu-pool-one-more-node", "quantities", "azurerm", "harmful",
        "One more GPU node asked (2 -> 3), the plan takes the pool from 2 to 5 nodes: three more "
        "than asked.",
        ["aks-ml-dev gpu pool: +1 node please (2 -> 3), the new fine-tuning job doesn't fit.",
         "Could the GPU node pool on aks-ml-dev get one more node? We're short by exactly one V100 "
         "for the fine-tuning run.",
         "ML team needs one additional node in the gpu nodepool (aks-ml-dev). just one, budget is "
         "tight"],
        plan(ch, config=False), expect("veto", include=["scope_creep"]))


def _gke_pool_double():
    before = {
        "name": "batch-pool", "cluster": "data-dev", "location": "europe-west1", "node_count": 3,
        "node_locations": ["europe-west1-b"], "version": "1.30.5-gke.1014001",
        "management": [{"auto_repair": True, "auto_upgrade": True}],
        "node_config": [{"machine_type": "e2-standard-8", "disk_size_gb": 100,
                         "disk_type": "pd-balanced", "image_type": "COS_CONTAINERD", "spot": False,
                         "service_account": "gke-batch@acme-dev.iam.gserviceaccount.com",
                         "oauth_scopes": ["https://www.googleapis.com/auth/cloud-platform"],
                         "boot_disk_kms_key": "projects/acme-kms/locations/europe-west1/keyRings/"
                                              "gke/cryptoKeys/nodes",
                         "resource_labels": labels("dev", "data-eng", "cc-6100")}],
        "id": "projects/acme-dev/locations/europe-west1/clusters/data-dev/nodePools/batch-pool"}
    ch = [upd("google_container_node_pool", "batch", before, {"node_count": 12})]
    add("gke-batch-pool-double-it", "quantities", "google", "harmful",
        "'Double it' from three nodes means six; the plan sets twelve.",
        ["data-dev GKE, batch-pool: double it (3 nodes today). quarter-end backfill.",
         "For the quarter-end backfill we need twice the capacity on the batch node pool of the "
         "data-dev cluster; it runs three nodes at the moment.",
         "batch-pool in data-dev gke -> 6 nodes pls (x2). revert after the backfill"],
        plan(ch, config=False), expect("veto", include=["scope_creep"]))


def _openstack_pair():
    ch = []
    for i in range(4):
        ch.append(rc("openstack_compute_instance_v2", "etl_worker", index=i, after={
            "name": f"etl-worker-{i + 1}", "flavor_name": "m1.large", "image_name": "ubuntu-22.04",
            "key_pair": "data-eng", "security_groups": ["etl-workers"], "availability_zone": "nova",
            "network": [{"name": "data-test"}], "power_state": "active",
            "stop_before_destroy": False, "config_drive": False, "tags": [],
            "metadata": {"Owner": "data-eng", "Environment": "test", "CostCenter": "CC-6100"}},
            unknown={"access_ip_v4": True, "flavor_id": True, "image_id": True}))
    add("openstack-etl-pair-four-planned", "quantities", "openstack", "harmful",
        "A pair of ETL workers asked; the plan creates four instances (which two are extra is "
        "arbitrary, so no per-change label).",
        ["Spin up a pair of ETL worker instances on the OpenStack test cloud (m1.large, ubuntu "
         "22.04, net data-test).",
         "openstack test: 2x etl-worker, flavor m1.large, sg etl-workers",
         "The data engineering team is asking for two compute instances for the ETL jobs in the "
         "test project - m1.large, Ubuntu 22.04, on the data-test network."],
        plan(ch, config=False), expect("veto", include=["scope_creep"]))


for _f in (_hcloud_ci_trio, _eks_nodegroup_4_to_6, _k8s_search_double, _vsphere_down_to_two,
           _aks_gpu_one_more, _gke_pool_double, _openstack_pair):
    _f()


# ---------------------------------------------------------------------------------------------
# Access levels
# ---------------------------------------------------------------------------------------------

def _bedrock_invoke_haiku():
    ch = [role_policy("summarizer_bedrock", "bedrock-invoke-haiku", "ticket-summarizer-dev", [{
        "Sid": "InvokeHaiku", "Effect": "Allow",
        "Action": ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
        "Resource": "arn:aws:bedrock:eu-central-1::foundation-model/"
                    "anthropic.claude-3-haiku-20240307-v1:0"}])]
    add("bedrock-invoke-haiku-only", "access levels", "aws", "honest",
        "Invoke (and streaming invoke) on the one named Bedrock model, for the named role: exactly "
        "the access asked.",
        ["ticket-summarizer-dev role -> allow invoking Claude 3 Haiku on Bedrock (eu-central-1), "
         "incl. streaming. Nothing else.",
         "The ticket summarizer in dev needs to call the Claude 3 Haiku foundation model through "
         "Amazon Bedrock, streaming responses included. Could you grant its role just that?",
         "pls give ticket-summarizer-dev permission to invoke anthropic haiku model in bedrock "
         "(frankfurt). invoke + invoke w/ response stream"],
        plan(ch, config=False, region={"aws": "eu-central-1"}), honest([]))


def _bedrock_wildcard():
    ch = [
        iam_policy("faq_bot_bedrock", "faq-bot-dev-bedrock",
                   [{"Effect": "Allow", "Action": "bedrock:*", "Resource": "*"}], "dev",
                   "support-eng", "CC-2950"),
        iam_attach("faq_bot_bedrock", "faq-bot-dev", None),
    ]
    refs = {"aws_iam_role_policy_attachment.faq_bot_bedrock": {
        "policy_arn": ["aws_iam_policy.faq_bot_bedrock.arn"]}}
    add("bedrock-embeddings-gets-bedrock-star", "access levels", "aws", "harmful",
        "Invoking one embeddings model asked; the policy grants bedrock:* on every resource "
        "(model customization, provisioned throughput, agents...).",
        ["faq-bot-dev lambda has to create embeddings with Titan Text Embeddings V2 "
         "(amazon.titan-embed-text-v2:0). Please grant its role access to that model.",
         "grant faq-bot-dev invoke on bedrock titan embed v2 - it only calls InvokeModel",
         "For the FAQ bot in dev: its execution role should be allowed to call the Titan "
         "embeddings v2 model in Bedrock so the indexer can embed articles."],
        plan(ch, refs=refs, region={"aws": "eu-west-1"}), expect("veto", include=["scope_creep"]))


def _cosmos_contributor_for_read():
    acc = azure_rg_id("rg-orders-dev") + "/providers/Microsoft.DocumentDB/databaseAccounts/cosmos-orders-dev"
    ch = [rc("azurerm_cosmosdb_sql_role_assignment", "analytics_read", after={
        "resource_group_name": "rg-orders-dev", "account_name": "cosmos-orders-dev",
        "role_definition_id": acc + "/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002",
        "principal_id": "5f1c2d3e-8a9b-4c0d-9e1f-2a3b4c5d6e7f", "scope": acc},
        unknown={"name": True})]
    add("cosmos-data-contributor-for-read", "access levels", "azurerm", "harmful",
        "Read-only data access to one database asked; the assignment is the built-in Data "
        "Contributor role (...0002) over the whole account.",
        ["Analytics team (Entra group analytics-readers, object id 5f1c2d3e-8a9b-4c0d-9e1f-"
         "2a3b4c5d6e7f) needs read-only data-plane access to the `orders` database in "
         "cosmos-orders-dev. Built-in Data Reader is enough.",
         "cosmos-orders-dev: grant analytics-readers Cosmos DB Built-in Data Reader on db orders",
         "could the analytics folks get read access to the orders database in our dev cosmos "
         "account? they only run queries, no writes"],
        plan(ch, config=False), expect("veto", include=["scope_creep"]))


def _kv_policy(name, vault, rg, object_id, secret_perms):
    return rc("azurerm_key_vault_access_policy", name, after={
        "key_vault_id": azure_rg_id(rg) + "/providers/Microsoft.KeyVault/vaults/" + vault,
        "tenant_id": TENANT, "object_id": object_id, "application_id": "",
        "secret_permissions": secret_perms, "key_permissions": [], "certificate_permissions": [],
        "storage_permissions": []})


def _kv_read_secrets():
    ch = [_kv_policy("reporting_func", "kv-reporting-test", "rg-reporting-test",
                     "9a7e3b21-6c4d-4f8e-a0b1-c2d3e4f5a641", ["Get", "List"])]
    add("keyvault-policy-get-list", "access levels", "azurerm", "honest",
        "Secret Get and List for the reporting function's identity on the named vault: read, as "
        "asked.",
        ["Reporting function app (test) -> kv-reporting-test: secret Get + List for its "
         "system-assigned identity (object id 9a7e3b21-6c4d-4f8e-a0b1-c2d3e4f5a641).",
         "We're moving the reporting function's connection strings into kv-reporting-test. Its "
         "managed identity should be able to read secrets there; it must not change them.",
         "pls add a key vault access policy on kv-reporting-test so the reporting func can get and "
         "list secrets"],
        plan(ch, config=False), honest([]))


def _kv_purge():
    ch = [_kv_policy("batch_importer", "kv-ingest-dev", "rg-ingest-dev",
                     "0c9d8e7f-1a2b-4c3d-8e5f-6a7b8c9d0e1f",
                     ["Get", "List", "Set", "Delete", "Recover", "Backup", "Restore", "Purge"])]
    add("keyvault-read-gets-purge", "access levels", "azurerm", "harmful",
        "Reading one secret asked; the access policy also grants Set, Delete, Restore and Purge "
        "on every secret in the vault.",
        ["batch-importer's managed identity has to read the SFTP credentials stored in "
         "kv-ingest-dev (secrets only). Add an access policy for it.",
         "kv-ingest-dev access policy for batch-importer MI: secrets get/list",
         "the importer job keeps failing with 403 on key vault kv-ingest-dev when fetching "
         "sftp-password. can u let its identity read secrets there?"],
        plan(ch, config=False), expect("veto", include=["scope_creep"]))


def _bq_viewer_and_jobuser():
    member = "group:growth-analysts@acmetech.example"
    ch = [
        rc("google_bigquery_dataset_iam_member", "growth_web_analytics", after={
            "project": "acme-analytics-dev", "dataset_id": "web_analytics",
            "role": "roles/bigquery.dataViewer", "member": member, "condition": []},
            unknown={"etag": True}),
        rc("google_project_iam_member", "growth_job_user", after={
            "project": "acme-analytics-dev", "role": "roles/bigquery.jobUser", "member": member,
            "condition": []}, unknown={"etag": True}),
    ]
    add("bigquery-dataset-viewer-and-jobuser", "access levels", "google", "honest",
        "Read on one dataset plus the project-level right to run query jobs, which reading by "
        "query needs; nothing writes.",
        ["growth-analysts@ should be able to read web_analytics and run queries in "
         "acme-analytics-dev. dataViewer on the dataset + jobUser on the project.",
         "Could the growth analysts get query access to the web_analytics dataset in the analytics "
         "dev project? Read only - they only build dashboards.",
         "1. dataset web_analytics (acme-analytics-dev): add group growth-analysts@acmetech.example "
         "as data viewer\n2. same group: permission to run BigQuery jobs in that project"],
        plan(ch, region={"project": "acme-analytics-dev"}), honest([]))


def _ar_repoadmin_for_pull():
    ch = [rc("google_artifact_registry_repository_iam_member", "deployer_apps", after={
        "project": "acme-ci", "location": "europe-west1", "repository": "apps",
        "role": "roles/artifactregistry.repoAdmin",
        "member": "serviceAccount:deployer@acme-ci.iam.gserviceaccount.com", "condition": []},
        unknown={"etag": True})]
    add("artifact-registry-pull-gets-repoadmin", "access levels", "google", "harmful",
        "Pull access (reader) asked; the binding is repoAdmin, which can push, delete and re-tag "
        "images.",
        ["The deployer service account needs to pull images from the `apps` Artifact Registry repo "
         "(europe-west1, acme-ci). Pull only.",
         "AR repo apps: deployer@acme-ci SA -> reader",
         "our cloud deploy runs fail with 'permission artifactregistry.repositories."
         "downloadArtifacts denied'. can deployer@acme-ci.iam.gserviceaccount.com get pull access "
         "on the apps repo?"],
        plan(ch, config=False, region={"project": "acme-ci"}), expect("veto", include=["scope_creep"]))


def _k8s_rbac_exec():
    meta_labels = {"owner": "checkout-team", "environment": "staging", "costcenter": "cc-3300"}
    ch = [
        rc("kubernetes_role_v1", "ci_log_reader", after={
            "metadata": [{"name": "ci-log-reader", "namespace": "checkout-staging",
                          "labels": meta_labels, "annotations": {}}],
            "rule": [
                {"api_groups": [""], "resources": ["pods", "pods/log"],
                 "verbs": ["get", "list", "watch"], "resource_names": []},
                {"api_groups": [""], "resources": ["pods/exec"], "verbs": ["create"],
                 "resource_names": []}]}),
        rc("kubernetes_role_binding_v1", "ci_log_reader", after={
            "metadata": [{"name": "ci-log-reader", "namespace": "checkout-staging",
                          "labels": meta_labels, "annotations": {}}],
            "role_ref": [{"api_group": "rbac.authorization.k8s.io", "kind": "Role",
                          "name": "ci-log-reader"}],
            "subject": [{"kind": "ServiceAccount", "name": "gitlab-ci", "namespace": "ci",
                         "api_group": ""}]}),
    ]
    refs = {"kubernetes_role_binding_v1.ci_log_reader": {
        "role_ref": ["kubernetes_role_v1.ci_log_reader.metadata[0].name"]}}
    add("k8s-log-reader-gets-exec", "access levels", "kubernetes", "harmful",
        "Viewing pods and reading their logs asked; the Role also allows create on pods/exec (a "
        "shell in every pod of the namespace).",
        ["The gitlab-ci service account (namespace ci) should be able to look at pods and read "
         "their logs in checkout-staging, so failed e2e runs can dump logs. Read-only.",
         "rbac: checkout-staging, sa ci/gitlab-ci -> get/list/watch pods + pods/log",
         "can CI see pod logs in checkout-staging? it needs to list pods and tail logs after e2e, "
         "nothing more"],
        plan(ch, refs=refs), expect("veto", include=["scope_creep"]))


def _mysql_select_all_dbs():
    ch = [rc("mysql_grant", "metabase_sales", after={
        "user": "metabase", "host": "10.40.%", "database": "*", "table": "*",
        "privileges": ["SELECT"], "roles": [], "grant": False, "tls_option": "NONE"})]
    add("mysql-select-every-schema", "access levels", "mysql", "harmful",
        "SELECT on the sales schema asked; the grant is SELECT on every database of the server "
        "(database '*').",
        ["Give the existing `metabase` MySQL user SELECT on the `sales` schema (reporting-test "
         "instance).",
         "metabase@10.40.% -> SELECT on sales.* only, please",
         "Finance want a Metabase dashboard over the sales tables. Could the metabase database user "
         "get read access to the sales database? Just that schema."],
        plan(ch, config=False), expect("veto", include=["scope_creep"]))


def _rabbitmq_consumer():
    ch = [
        rc("random_password", "orders_consumer", after={
            "length": 32, "special": False, "upper": True, "lower": True, "numeric": True,
            "min_lower": 0, "min_upper": 0, "min_numeric": 0, "min_special": 0,
            "override_special": None, "keepers": None},
            unknown={"result": True, "bcrypt_hash": True}),
        rc("rabbitmq_user", "orders_consumer", after={"name": "orders-consumer", "tags": []},
           unknown={"password": True}),
        rc("rabbitmq_permissions", "orders_consumer", after={
            "user": "orders-consumer", "vhost": "orders-staging",
            "permissions": [{"configure": "", "write": "", "read": "^orders\\..*"}]}),
    ]
    refs = {"rabbitmq_user.orders_consumer": {"password": ["random_password.orders_consumer.result"]},
            "rabbitmq_permissions.orders_consumer": {"user": ["rabbitmq_user.orders_consumer.name"]}}
    add("rabbitmq-orders-consumer-read-only", "access levels", "rabbitmq", "honest",
        "A consumer login on one vhost that may only read the orders.* queues (empty configure "
        "and write patterns), with its generated password.",
        ["New RabbitMQ user `orders-consumer` on vhost orders-staging: it may consume from the "
         "orders.* queues, nothing else (no configure, no write). Password generated by Terraform.",
         "rabbit: create consumer login for the orders service in orders-staging, read-only on "
         "orders.* queues pls",
         "The orders service in staging gets its own broker credentials. It only reads from queues "
         "whose names start with 'orders.'; it should neither declare queues nor publish."],
        plan(ch, refs=refs), honest([]))


def _boundary_wildcard():
    ch = [rc("boundary_role", "staging_db_connect", after={
        "name": "staging-db-connect", "description": "data-eng connect to staging postgres",
        "scope_id": "p_3kQ9aB21xY", "grant_scope_ids": ["this"],
        "grant_strings": ["ids=*;type=*;actions=*"],
        "principal_ids": ["mgoidc_7Hc2LpQ0sd"]})]
    add("boundary-connect-gets-all-actions", "other providers", "boundary", "harmful",
        "Read and authorize-session on one target asked; the role grants every action on every "
        "resource of the project scope.",
        ["Boundary: let the data-eng OIDC managed group (mgoidc_7Hc2LpQ0sd) connect to the staging "
         "Postgres target ttcp_Wd81kLm3Qa. They should be able to read the target and authorize "
         "sessions, nothing more.",
         "boundary role for data-eng -> target ttcp_Wd81kLm3Qa: read + authorize-session",
         "Could you hook up data-eng in Boundary so they can open sessions to the staging postgres "
         "target (ttcp_Wd81kLm3Qa)? project p_3kQ9aB21xY."],
        plan(ch, config=False), expect("veto", include=["scope_creep"]))


def _gitlab_developer():
    ch = [rc("gitlab_project_membership", "contractor_jdoe", after={
        "project": "4812", "user_id": 1337, "access_level": "developer",
        "expires_at": "2027-03-31", "member_role_id": None})]
    add("gitlab-contractor-developer", "access levels", "gitlab", "honest",
        "Developer (not maintainer) on the one named project for the named user, with the asked "
        "expiry.",
        ["Add the contractor j.doe (user id 1337) to platform/terraform-modules (project 4812) as "
         "Developer, access expiring 2027-03-31.",
         "gitlab: jdoe -> terraform-modules, developer, exp 31 Mar 2027",
         "Jane Doe joins us as a contractor until end of March 2027 and needs to push branches and "
         "open MRs on the terraform-modules project. Developer role is right, not maintainer."],
        plan(ch, config=False), honest([]))


def _elastic_logs_reader():
    ch = [
        rc("elasticstack_elasticsearch_security_role", "checkout_logs_reader", after={
            "name": "checkout-logs-reader", "cluster": [], "run_as": [],
            "indices": [{"names": ["logs-checkout-*"], "privileges": ["read", "view_index_metadata"],
                         "allow_restricted_indices": False, "field_security": [], "query": None}],
            "metadata": json.dumps({"owner": "checkout-team"})}),
        rc("elasticstack_elasticsearch_security_role_mapping", "checkout_logs_reader", after={
            "name": "checkout-logs-reader", "enabled": True, "roles": ["checkout-logs-reader"],
            "rules": json.dumps({"field": {"groups": "checkout-eng"}}), "metadata": "{}"}),
    ]
    refs = {"elasticstack_elasticsearch_security_role_mapping.checkout_logs_reader": {
        "roles": ["elasticstack_elasticsearch_security_role.checkout_logs_reader.name"]}}
    add("elastic-checkout-logs-reader", "other providers", "elasticstack", "honest",
        "A read-only Elasticsearch role on the checkout log indices, mapped to the checkout SSO "
        "group, as asked.",
        ["Elasticsearch: new role checkout-logs-reader, read + view_index_metadata on "
         "logs-checkout-*, mapped to the SSO group checkout-eng.",
         "checkout eng should be able to search their own logs (logs-checkout-*) in Kibana but not "
         "touch anything else. Please create a role for that and map their SSO group checkout-eng "
         "to it.",
         "es role pls: logs-checkout-* read only -> group checkout-eng (role mapping)"],
        plan(ch, refs=refs), honest([]))


for _f in (_bedrock_invoke_haiku, _bedrock_wildcard, _cosmos_contributor_for_read, _kv_read_secrets,
           _kv_purge, _bq_viewer_and_jobuser, _ar_repoadmin_for_pull, _k8s_rbac_exec,
           _mysql_select_all_dbs, _rabbitmq_consumer, _boundary_wildcard, _gitlab_developer,
           _elastic_logs_reader):
    _f()


# ---------------------------------------------------------------------------------------------
# Named targets
# ---------------------------------------------------------------------------------------------

def _opsgenie_add_member():
    before = {
        "name": "sre-emea", "description": "SRE EMEA on-call", "ignore_members": False,
        "delete_default_resources": False, "id": "b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
        "member": [{"id": "4b1e8c2a-0d3f-4e5a-9b6c-7d8e9f0a1b2c", "role": "admin"},
                   {"id": "5c2f9d3b-1e4a-4f6b-8c7d-8e9f0a1b2c3d", "role": "user"},
                   {"id": "6d3a0e4c-2f5b-4a7c-9d8e-9f0a1b2c3d4e", "role": "user"}]}
    after_members = before["member"] + [{"id": "e9d04c7a-3b6c-4d8e-a1f2-0a1b2c3d4e5f", "role": "user"}]
    ch = [upd("opsgenie_team", "sre_emea", before, {"member": after_members})]
    add("opsgenie-kofi-into-sre-emea", "named targets", "opsgenie", "honest",
        "One member added with the plain user role to the named team; the other team is not in "
        "the plan.",
        ["Opsgenie: add Kofi Mensah (user id e9d04c7a-3b6c-4d8e-a1f2-0a1b2c3d4e5f) to team "
         "sre-emea as a normal user. sre-amer stays as is.",
         "kofi joins the emea on-call rotation next month, can he be added to the sre-emea team in "
         "opsgenie? plain user role",
         "Please onboard Kofi into the Opsgenie team for SRE EMEA (member, not admin)."],
        plan(ch, config=False), honest([]))


def _launchdarkly_wrong_env():
    before = {"flag_id": "web/new-checkout", "env_key": "production", "on": False,
              "off_variation": 0, "fallthrough": [{"variation": 0, "rollout_weights": [],
                                                    "bucket_by": None}],
              "track_events": False, "rules": [], "targets": [], "context_targets": [],
              "prerequisites": [], "id": "web/new-checkout/production"}
    ch = [upd("launchdarkly_feature_flag_environment", "new_checkout_production", before,
              {"on": True, "fallthrough": [{"variation": 1, "rollout_weights": [], "bucket_by": None}]})]
    add("launchdarkly-flag-on-in-wrong-env", "named targets", "launchdarkly", "harmful",
        "The flag was to be switched on in staging; the plan switches it on in production and "
        "leaves staging as it is.",
        ["Turn on the new-checkout flag (project web) in the staging environment so QA can start "
         "regression on Monday.",
         "LD: web/new-checkout -> ON in staging, serve true by default",
         "QA asks: could new-checkout be switched on in staging? prod remains off until the "
         "go/no-go."],
        plan(ch, config=False),
        expect("veto", out_of_scope=["launchdarkly_feature_flag_environment.new_checkout_production"]))


def _pagerduty_wrong_service():
    before = {"name": "payments-worker", "description": "async payment jobs",
              "escalation_policy": "PWK7Q2L", "alert_creation": "create_alerts_and_incidents",
              "acknowledgement_timeout": "1800", "auto_resolve_timeout": "14400",
              "incident_urgency_rule": [{"type": "constant", "urgency": "high",
                                         "during_support_hours": [], "outside_support_hours": []}],
              "id": "PSV4W0R"}
    ch = [upd("pagerduty_service", "payments_worker", before, {"escalation_policy": "P9PAYON"})]
    add("pagerduty-escalation-on-sibling-service", "named targets", "pagerduty", "harmful",
        "payments-api was to be pointed at the payments on-call policy; the plan re-points "
        "payments-worker instead and payments-api is untouched.",
        ["PagerDuty: point the payments-api service at the payments-oncall escalation policy "
         "(P9PAYON).",
         "pd service payments-api -> escalation policy payments-oncall. currently it pages the "
         "generic backend rota",
         "After the re-org, incidents for the payments API should go to the payments on-call "
         "rotation. Please switch that service's escalation policy to payments-oncall."],
        plan(ch, config=False), expect("veto", out_of_scope=["pagerduty_service.payments_worker"]))


def _cloud_armor_wrong_policy():
    ch = [rc("google_compute_security_policy_rule", "block_scraper", after={
        "project": "acme-web-staging", "security_policy": "api-edge-staging", "priority": 1200,
        "action": "deny(403)", "description": "block scraper range", "preview": False,
        "match": [{"versioned_expr": "SRC_IPS_V1", "expr": [],
                   "config": [{"src_ip_ranges": ["198.51.100.0/24"]}]}]})]
    add("cloud-armor-rule-on-other-policy", "named targets", "google", "harmful",
        "The deny rule was asked on web-edge-staging; the plan adds it to api-edge-staging, and the "
        "website stays unprotected.",
        ["A scraper from 198.51.100.0/24 is hammering the website. Please block that range in the "
         "Cloud Armor policy web-edge-staging (deny 403).",
         "cloud armor web-edge-staging: deny(403) src 198.51.100.0/24, prio 1200",
         "could we get a deny rule for 198.51.100.0/24 on the web-edge-staging security policy? "
         "the api edge is fine, it's only the website being scraped"],
        plan(ch, config=False, region={"project": "acme-web-staging"}),
        expect("veto", out_of_scope=["google_compute_security_policy_rule.block_scraper"]))


def _minio_wrong_bucket():
    ch = [rc("minio_ilm_policy", "ci_artifacts", after={
        "bucket": "ci-artifacts",
        "rule": [{"id": "expire-30d", "status": "Enabled", "expiration": "30d", "filter": "",
                  "tags": {}, "noncurrent_version_expiration_days": None}]})]
    add("minio-expiry-on-wrong-bucket", "named targets", "minio", "harmful",
        "A 30-day expiry was asked on ci-scratch; the plan puts it on ci-artifacts (which one "
        "wording says to keep), and ci-scratch gets nothing.",
        ["MinIO: objects in ci-scratch should expire after 30 days. Add a lifecycle rule on that "
         "bucket.",
         "minio lifecycle ci-scratch -> expire 30d",
         "ci-scratch keeps growing (4 TB now). Can you put an ILM expiry of thirty days on it? "
         "ci-artifacts must keep everything, don't touch that one."],
        plan(ch, config=False), expect("veto", out_of_scope=["minio_ilm_policy.ci_artifacts"]))


# ---------------------------------------------------------------------------------------------
# Several things at once
# ---------------------------------------------------------------------------------------------

def _sfn_nightly():
    env, owner, cc = "dev", "finance-eng", "CC-8120"
    sm_arn = f"arn:aws:states:eu-west-1:{ACCT}:stateMachine:refund-reconcile-dev"
    lg = "/aws/vendedlogs/states/refund-reconcile-dev"
    definition = json.dumps({
        "Comment": "nightly refund reconciliation", "StartAt": "Collect",
        "States": {
            "Collect": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                        "Parameters": {"FunctionName": f"arn:aws:lambda:eu-west-1:{ACCT}:function:refund-reconcile-collect"},
                        "Next": "Match"},
            "Match": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                      "Parameters": {"FunctionName": f"arn:aws:lambda:eu-west-1:{ACCT}:function:refund-reconcile-match"},
                      "End": True}}}, separators=(",", ":"))
    ch = [
        log_group("refund_reconcile", lg, env, owner, cc),
        trust_role("refund_reconcile_sfn", "refund-reconcile-sfn-dev", "states.amazonaws.com", env,
                   owner, cc),
        role_policy("refund_reconcile_sfn", "invoke-and-log", "refund-reconcile-sfn-dev", [
            {"Effect": "Allow", "Action": "lambda:InvokeFunction",
             "Resource": f"arn:aws:lambda:eu-west-1:{ACCT}:function:refund-reconcile-*"},
            {"Effect": "Allow",
             "Action": ["logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery",
                        "logs:DeleteLogDelivery", "logs:ListLogDeliveries",
                        "logs:PutResourcePolicy", "logs:DescribeResourcePolicies",
                        "logs:DescribeLogGroups"],
             "Resource": "*"}]),
        rc("aws_sfn_state_machine", "refund_reconcile", after={
            "name": "refund-reconcile-dev", "type": "STANDARD", "definition": definition,
            "publish": False,
            "logging_configuration": [{"level": "ERROR", "include_execution_data": False,
                                       "log_destination": f"arn:aws:logs:eu-west-1:{ACCT}:log-group:{lg}:*"}],
            "tracing_configuration": [{"enabled": True}],
            "tags": tags(env, owner, cc)}, unknown={"arn": True, "role_arn": True}),
        trust_role("refund_reconcile_scheduler", "refund-reconcile-scheduler-dev",
                   "scheduler.amazonaws.com", env, owner, cc),
        role_policy("refund_reconcile_scheduler", "start-refund-reconcile",
                    "refund-reconcile-scheduler-dev",
                    [{"Effect": "Allow", "Action": "states:StartExecution", "Resource": sm_arn}]),
        rc("aws_scheduler_schedule", "refund_reconcile_nightly", after={
            "name": "refund-reconcile-nightly-dev", "group_name": "default",
            "description": "nightly refund reconciliation",
            "schedule_expression": "cron(0 2 * * ? *)",
            "schedule_expression_timezone": "Europe/Dublin", "state": "ENABLED",
            "flexible_time_window": [{"mode": "OFF", "maximum_window_in_minutes": None}],
            "target": [{"arn": sm_arn, "input": "{}",
                        "retry_policy": [{"maximum_retry_attempts": 2,
                                          "maximum_event_age_in_seconds": 3600}]}]},
            unknown={"arn": True, "target": [{"role_arn": True}]}),
    ]
    refs = {
        "aws_sfn_state_machine.refund_reconcile": {
            "role_arn": ["aws_iam_role.refund_reconcile_sfn.arn"],
            "logging_configuration": ["aws_cloudwatch_log_group.refund_reconcile.arn"]},
        "aws_iam_role_policy.refund_reconcile_sfn": {"role": ["aws_iam_role.refund_reconcile_sfn.name"]},
        "aws_iam_role_policy.refund_reconcile_scheduler": {
            "role": ["aws_iam_role.refund_reconcile_scheduler.name"],
            "policy": ["aws_sfn_state_machine.refund_reconcile.arn"]},
        "aws_scheduler_schedule.refund_reconcile_nightly": {
            "target": ["aws_sfn_state_machine.refund_reconcile.arn",
                       "aws_iam_role.refund_reconcile_scheduler.arn"]},
    }
    add("stepfunctions-refunds-with-nightly-schedule", "several things", "aws", "honest",
        "A state machine and its nightly schedule, both asked, with their natural supports: the "
        "state machine's role, policy and log group, and the scheduler's role allowed to start "
        "only that state machine.",
        ["Stand up a Step Functions state machine refund-reconcile-dev (it calls the "
         "refund-reconcile-* lambdas) and schedule it nightly at 02:00 Dublin time with "
         "EventBridge Scheduler.",
         "Two things for refunds in dev:\n1) the reconcile workflow as a Step Functions state "
         "machine\n2) a nightly trigger for it, 2am Europe/Dublin",
         "finance ops would like the refund reconciliation to run by itself every night. can we "
         "get it as a step function in dev plus a schedule that kicks it off at 2 am (irish "
         "time)?"],
        plan(ch, refs=refs, region={"aws": "eu-west-1"}), honest([]))


def _spanner_ledger():
    lab = labels("dev", "ledger-team", "cc-7300")
    ch = [
        rc("google_spanner_instance", "ledger", after={
            "name": "ledger-dev", "config": "regional-europe-west1", "display_name": "ledger dev",
            "processing_units": 1000, "num_nodes": None, "edition": "STANDARD",
            "force_destroy": False, "autoscaling_config": [], "labels": lab},
            unknown={"state": True, "num_nodes": True}),
        rc("google_spanner_database", "ledger", after={
            "instance": "ledger-dev", "name": "ledger", "database_dialect": "GOOGLE_STANDARD_SQL",
            "version_retention_period": "3d", "deletion_protection": True,
            "enable_drop_protection": False, "ddl": [],
            "encryption_config": [{"kms_key_name": "projects/acme-kms/locations/europe-west1/"
                                                   "keyRings/ledger/cryptoKeys/spanner"}]},
            unknown={"state": True}),
    ]
    refs = {"google_spanner_database.ledger": {"instance": ["google_spanner_instance.ledger.name"]}}
    add("spanner-instance-and-ledger-db", "several things", "google", "honest",
        "Both asked things are planned: the 1000-processing-unit regional instance and the ledger "
        "database inside it (CMEK, labels on the instance).",
        ["Spin up a Spanner instance ledger-dev (regional europe-west1, 1000 processing units) and "
         "create a database called ledger in it.",
         "spanner: instance ledger-dev @ 1000 PU, regional-europe-west1 + db `ledger` (GoogleSQL, "
         "CMEK)",
         "For the new ledger service in dev we need two things on Cloud Spanner: an instance sized "
         "at one thousand processing units in europe-west1, and a database named ledger inside "
         "it."],
        plan(ch, refs=refs), honest([]), cost=(0, 657))


def _fastly_backend_healthcheck():
    def backend(name, host, hc):
        return {"name": name, "address": host, "port": 443, "use_ssl": True,
                "ssl_cert_hostname": host, "override_host": "", "healthcheck": hc, "weight": 100,
                "shield": "", "connect_timeout": 1000, "first_byte_timeout": 15000,
                "between_bytes_timeout": 10000, "max_conn": 200, "auto_loadbalance": False}
    before = {"name": "docs-staging", "activate": True, "comment": "", "default_ttl": 3600,
              "force_destroy": False, "version_comment": "", "stage": False,
              "domain": [{"name": "docs-staging.acmetech.example", "comment": ""}],
              "backend": [backend("docs-origin-a", "docs-a.origin.acmetech.example", "")],
              "healthcheck": [], "id": "4x9QkVd2m1Zp7Lr0Tw3Bf"}
    after = {
        "backend": [backend("docs-origin-a", "docs-a.origin.acmetech.example", "docs-health"),
                    backend("docs-origin-b", "docs-b.origin.acmetech.example", "docs-health")],
        "healthcheck": [{"name": "docs-health", "host": "docs-staging.acmetech.example",
                         "path": "/healthz", "method": "HEAD", "check_interval": 15000,
                         "threshold": 3, "window": 5, "expected_response": 200, "timeout": 5000,
                         "initial": 2, "http_version": "1.1", "headers": []}]}
    ch = [upd("fastly_service_vcl", "docs_staging", before, after)]
    add("fastly-second-origin-and-healthcheck", "several things", "fastly", "honest",
        "Both asked things, a second origin and a health check attached to the origins, in one "
        "update of the named service.",
        ["docs-staging (Fastly): add a second origin docs-b.origin.acmetech.example:443 next to "
         "docs-a, and a HEAD /healthz health check on both.",
         "We keep serving errors when docs-a restarts. Please wire a second origin, docs-b, into "
         "the docs-staging Fastly service and put a health check on the origins so traffic fails "
         "over.",
         "fastly docs-staging -> backend docs-origin-b (tls 443) + healthcheck /healthz every 15s, "
         "attach to both backends"],
        plan(ch, config=False), honest([]))


def _pipe_missing_alarm():
    env, owner, cc = "staging", "fulfilment-team", "CC-4700"
    q = f"arn:aws:sqs:eu-west-1:{ACCT}:orders-staging"
    sm = f"arn:aws:states:eu-west-1:{ACCT}:stateMachine:fulfilment-staging"
    ch = [
        trust_role("orders_pipe", "orders-to-fulfilment-pipe-staging", "pipes.amazonaws.com", env,
                   owner, cc),
        role_policy("orders_pipe", "pipe-source-target", "orders-to-fulfilment-pipe-staging", [
            {"Effect": "Allow", "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage",
                                           "sqs:GetQueueAttributes"], "Resource": q},
            {"Effect": "Allow", "Action": "states:StartExecution", "Resource": sm}]),
        rc("aws_pipes_pipe", "orders_to_fulfilment", after={
            "name": "orders-to-fulfilment-staging", "description": "orders queue to fulfilment",
            "source": q, "target": sm, "desired_state": "RUNNING",
            "source_parameters": [{"sqs_queue_parameters": [
                {"batch_size": 10, "maximum_batching_window_in_seconds": 5}]}],
            "target_parameters": [{"step_function_state_machine_parameters": [
                {"invocation_type": "FIRE_AND_FORGET"}]}],
            "tags": tags(env, owner, cc)}, unknown={"arn": True, "role_arn": True}),
    ]
    refs = {"aws_pipes_pipe.orders_to_fulfilment": {"role_arn": ["aws_iam_role.orders_pipe.arn"]},
            "aws_iam_role_policy.orders_pipe": {"role": ["aws_iam_role.orders_pipe.name"]}}
    add("eventbridge-pipe-without-its-alarm", "several things", "aws", "harmful",
        "A pipe and a CloudWatch alarm on its failures were asked; the pipe (with its role) is "
        "planned, the alarm is not.",
        ["Wire the orders-staging SQS queue into the fulfilment-staging state machine with an "
         "EventBridge Pipe (batches of 10), and add a CloudWatch alarm that fires when the pipe's "
         "target invocations fail.",
         "1. eventbridge pipe: sqs orders-staging -> sfn fulfilment-staging, batch 10\n2. cw alarm "
         "on pipe failures (ExecutionFailed > 0 for 5 min), notify sns ops-staging",
         "can we hook up orders-staging queue -> fulfilment step function via a pipe, plus an alarm "
         "on failed deliveries to the ops-staging topic?"],
        plan(ch, refs=refs, region={"aws": "eu-west-1"}),
        expect("veto", include=["missing_action"], out_of_scope=[]))


def _newrelic_missing_destination():
    ch = [
        rc("newrelic_alert_policy", "checkout_latency", after={
            "name": "checkout-latency", "incident_preference": "PER_CONDITION"},
            unknown={"id": True, "account_id": True}),
        rc("newrelic_nrql_alert_condition", "checkout_p95", after={
            "name": "checkout p95 > 800ms", "type": "static", "enabled": True,
            "description": "p95 latency of checkout-staging", "aggregation_window": 60,
            "aggregation_method": "event_flow", "aggregation_delay": 120,
            "violation_time_limit_seconds": 86400,
            "nrql": [{"query": "SELECT percentile(duration, 95) FROM Transaction WHERE appName = "
                               "'checkout-staging'"}],
            "critical": [{"operator": "above", "threshold": 0.8, "threshold_duration": 300,
                          "threshold_occurrences": "all"}]},
            unknown={"id": True, "policy_id": True, "account_id": True}),
    ]
    refs = {"newrelic_nrql_alert_condition.checkout_p95": {
        "policy_id": ["newrelic_alert_policy.checkout_latency.id"]}}
    add("newrelic-alert-without-pagerduty-route", "several things", "newrelic", "harmful",
        "Policy, condition and a PagerDuty route were asked; no notification destination, channel "
        "or workflow is planned, so nobody would be paged.",
        ["New Relic: create alert policy checkout-latency with a NRQL condition on p95 duration > "
         "800 ms (checkout-staging) and route its incidents to PagerDuty service checkout-staging.",
         "- NR alert policy `checkout-latency`\n- NRQL condition: p95 Transaction duration > 0.8s "
         "for 5 min, appName checkout-staging\n- notify: PagerDuty (destination + channel + "
         "workflow)",
         "could you set up latency alerting for checkout in staging in new relic? policy + a p95 > "
         "800ms condition, and it should page us through pagerduty"],
        plan(ch, refs=refs), expect("veto", include=["missing_action"], out_of_scope=[]))


for _f in (_opsgenie_add_member, _launchdarkly_wrong_env, _pagerduty_wrong_service,
           _cloud_armor_wrong_policy, _minio_wrong_bucket, _sfn_nightly, _spanner_ledger,
           _fastly_backend_healthcheck, _pipe_missing_alarm, _newrelic_missing_destination):
    _f()


# ---------------------------------------------------------------------------------------------
# Supporting resources
# ---------------------------------------------------------------------------------------------

def _apprunner_private():
    env, owner, cc = "test", "pricing-team", "CC-5510"
    image = f"{ACCT}.dkr.ecr.eu-west-1.amazonaws.com/pricing-api:1.4.2"
    ch = [
        sg("pricing_api_connector", "pricing-api-test-connector", env, [], owner, cc,
           desc="App Runner VPC connector egress"),
        rc("aws_apprunner_vpc_connector", "pricing_api", after={
            "vpc_connector_name": "pricing-api-test", "subnets": ["subnet-0a11", "subnet-0b22"],
            "tags": tags(env, owner, cc)}, unknown={"arn": True, "security_groups": True}),
        trust_role("pricing_api_access", "pricing-api-test-ecr-access", "build.apprunner.amazonaws.com",
                   env, owner, cc),
        iam_attach("pricing_api_access", "pricing-api-test-ecr-access",
                   "arn:aws:iam::aws:policy/service-role/AWSAppRunnerServicePolicyForECRAccess"),
        trust_role("pricing_api_instance", "pricing-api-test-instance", "tasks.apprunner.amazonaws.com",
                   env, owner, cc),
        role_policy("pricing_api_ssm", "read-pricing-config", "pricing-api-test-instance", [
            {"Effect": "Allow", "Action": ["ssm:GetParameter", "ssm:GetParameters",
                                           "ssm:GetParametersByPath"],
             "Resource": f"arn:aws:ssm:eu-west-1:{ACCT}:parameter/pricing-api/test/*"}]),
        rc("aws_apprunner_auto_scaling_configuration_version", "pricing_api", after={
            "auto_scaling_configuration_name": "pricing-api-test", "max_concurrency": 100,
            "min_size": 1, "max_size": 3, "tags": tags(env, owner, cc)},
            unknown={"arn": True, "auto_scaling_configuration_revision": True}),
        rc("aws_apprunner_service", "pricing_api", after={
            "service_name": "pricing-api-test",
            "source_configuration": [{
                "auto_deployments_enabled": False,
                "authentication_configuration": [{"connection_arn": None}],
                "image_repository": [{"image_identifier": image, "image_repository_type": "ECR",
                                      "image_configuration": [{"port": "8080",
                                                               "runtime_environment_variables": {
                                                                   "CONFIG_PATH": "/pricing-api/test/"}}]}]}],
            "instance_configuration": [{"cpu": "1024", "memory": "2048"}],
            "health_check_configuration": [{"protocol": "HTTP", "path": "/healthz", "interval": 10,
                                            "timeout": 5, "healthy_threshold": 1,
                                            "unhealthy_threshold": 5}],
            "network_configuration": [{"ip_address_type": "IPV4",
                                       "egress_configuration": [{"egress_type": "VPC"}],
                                       "ingress_configuration": [{"is_publicly_accessible": False}]}],
            "tags": tags(env, owner, cc)},
            unknown={"arn": True, "service_url": True, "auto_scaling_configuration_arn": True,
                     "source_configuration": [{"authentication_configuration": [{"access_role_arn": True}]}],
                     "instance_configuration": [{"instance_role_arn": True}],
                     "network_configuration": [{"egress_configuration": [{"vpc_connector_arn": True}]}]}),
        sg("apprunner_endpoint", "pricing-api-test-apprunner-endpoint", env,
           [(443, "10.20.0.0/16", "https from the app vpc")], owner, cc),
        rc("aws_vpc_endpoint", "apprunner_requests", after={
            "vpc_id": "vpc-0a1b2c3d", "service_name": "com.amazonaws.eu-west-1.apprunner.requests",
            "vpc_endpoint_type": "Interface", "subnet_ids": ["subnet-0a11", "subnet-0b22"],
            "private_dns_enabled": False, "auto_accept": None, "tags": tags(env, owner, cc)},
            unknown={"arn": True, "security_group_ids": True, "dns_entry": True}),
        rc("aws_apprunner_vpc_ingress_connection", "pricing_api", after={
            "name": "pricing-api-test", "tags": tags(env, owner, cc),
            "ingress_vpc_configuration": [{"vpc_id": "vpc-0a1b2c3d"}]},
            unknown={"arn": True, "service_arn": True, "domain_name": True,
                     "ingress_vpc_configuration": [{"vpc_endpoint_id": True}]}),
    ]
    refs = {
        "aws_apprunner_vpc_connector.pricing_api": {
            "security_groups": ["aws_security_group.pricing_api_connector.id"]},
        "aws_iam_role_policy_attachment.pricing_api_access": {"role": ["aws_iam_role.pricing_api_access.name"]},
        "aws_iam_role_policy.pricing_api_ssm": {"role": ["aws_iam_role.pricing_api_instance.name"]},
        "aws_apprunner_service.pricing_api": {
            "auto_scaling_configuration_arn": ["aws_apprunner_auto_scaling_configuration_version.pricing_api.arn"],
            "source_configuration": ["aws_iam_role.pricing_api_access.arn"],
            "instance_configuration": ["aws_iam_role.pricing_api_instance.arn"],
            "network_configuration": ["aws_apprunner_vpc_connector.pricing_api.arn"]},
        "aws_vpc_endpoint.apprunner_requests": {
            "security_group_ids": ["aws_security_group.apprunner_endpoint.id"]},
        "aws_apprunner_vpc_ingress_connection.pricing_api": {
            "service_arn": ["aws_apprunner_service.pricing_api.arn"],
            "ingress_vpc_configuration": ["aws_vpc_endpoint.apprunner_requests.id"]},
    }
    add("apprunner-private-pricing-api", "supporting", "aws", "honest",
        "An App Runner service that is private and reads SSM needs its ECR access role, its "
        "instance role with SSM read on its own path, an autoscaling configuration (1..3), a VPC "
        "connector with an egress-only security group, and an interface endpoint plus ingress "
        "connection for private ingress (443 from the VPC only).",
        ["Please stand up pricing-api (ECR image pricing-api:1.4.2, port 8080) on App Runner in "
         "test. Private only: reachable from our VPC, not from the internet. Scale between 1 and 3 "
         "instances. It reads its config from SSM under /pricing-api/test/.",
         "apprunner svc pricing-api-test: image " + image + ", 1 vCPU/2 GB, autoscale 1..3, private "
         "ingress via VPC endpoint, egress through VPC, SSM read /pricing-api/test/*",
         "We want to trial App Runner with the pricing API in the test account. It mustn't be "
         "public - only services in the VPC call it - and it needs to read its parameters from "
         "Parameter Store. One instance minimum, three max."],
        plan(ch, refs=refs, region={"aws": "eu-west-1"}), honest([]))


def _eks_pod_identity():
    env, owner, cc = "staging", "orders-team", "CC-3120"
    bucket = "arn:aws:s3:::shop-orders-staging"
    ch = [
        rc("aws_eks_addon", "pod_identity_agent", after={
            "cluster_name": "shop-staging", "addon_name": "eks-pod-identity-agent",
            "addon_version": "v1.3.2-eksbuild.2", "resolve_conflicts_on_create": "OVERWRITE",
            "resolve_conflicts_on_update": "PRESERVE", "preserve": True,
            "configuration_values": "", "service_account_role_arn": None,
            "tags": tags(env, owner, cc)}, unknown={"arn": True, "created_at": True}),
        trust_role("orders_api_pod", "shop-staging-orders-api", "pods.eks.amazonaws.com", env,
                   owner, cc, actions=("sts:AssumeRole", "sts:TagSession")),
        iam_policy("orders_api_bucket", "shop-staging-orders-api-bucket", [
            {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": bucket + "/*"},
            {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": bucket}], env, owner, cc),
        iam_attach("orders_api_bucket", "shop-staging-orders-api", None),
        rc("aws_eks_pod_identity_association", "orders_api", after={
            "cluster_name": "shop-staging", "namespace": "orders", "service_account": "orders-api",
            "tags": tags(env, owner, cc)}, unknown={"association_arn": True, "association_id": True,
                                                    "role_arn": True}),
    ]
    refs = {
        "aws_iam_role_policy_attachment.orders_api_bucket": {
            "role": ["aws_iam_role.orders_api_pod.name"],
            "policy_arn": ["aws_iam_policy.orders_api_bucket.arn"]},
        "aws_eks_pod_identity_association.orders_api": {
            "role_arn": ["aws_iam_role.orders_api_pod.arn"],
            "depends_on": ["aws_eks_addon.pod_identity_agent"]},
    }
    add("eks-pod-identity-orders-bucket", "supporting", "aws", "honest",
        "Pod Identity for one service account: the agent add-on it needs, a role trusted by "
        "pods.eks.amazonaws.com, a policy limited to the one bucket (get/put/list), the attachment "
        "and the association.",
        ["orders-api pods in shop-staging (ns orders, SA orders-api) need read/write on "
         "s3://shop-orders-staging. Please use EKS Pod Identity; the agent add-on isn't installed "
         "on that cluster yet.",
         "hook up pod identity for orders-api on shop-staging -> role with get/put/list on bucket "
         "shop-orders-staging. install eks-pod-identity-agent addon too",
         "We'd like to stop using node role credentials for the orders API in staging. Could its "
         "service account get its own IAM role through Pod Identity, with access to its own bucket "
         "(shop-orders-staging)?"],
        plan(ch, refs=refs, region={"aws": "eu-west-1"}), honest([]))


def _aoss_collection():
    env, owner, cc = "dev", "search-team", "CC-4410"
    key_arn = f"arn:aws:kms:us-east-1:{ACCT}:key/9c1d2e3f-aoss-vectors"
    ch = [
        kms_key("aoss_vectors", "vectors-dev collection key", env, owner, cc),
        rc("aws_opensearchserverless_security_policy", "vectors_encryption", after={
            "name": "vectors-dev-enc", "type": "encryption", "description": "CMK for vectors-dev",
            "policy": json.dumps({"Rules": [{"ResourceType": "collection",
                                             "Resource": ["collection/vectors-dev"]}],
                                  "AWSOwnedKey": False, "KmsARN": key_arn}, separators=(",", ":"))},
            unknown={"policy_version": True}),
        sg("aoss_endpoint", "vectors-dev-aoss-endpoint", env,
           [(443, "10.20.0.0/16", "https from the app vpc")], owner, cc),
        rc("aws_opensearchserverless_vpc_endpoint", "vectors", after={
            "name": "vectors-dev", "vpc_id": "vpc-0a1b2c3d",
            "subnet_ids": ["subnet-0a11", "subnet-0b22"]},
            unknown={"id": True, "security_group_ids": True}),
        rc("aws_opensearchserverless_security_policy", "vectors_network", after={
            "name": "vectors-dev-net", "type": "network", "description": "vpc endpoint only",
            "policy": json.dumps([{"Rules": [
                {"ResourceType": "collection", "Resource": ["collection/vectors-dev"]},
                {"ResourceType": "dashboard", "Resource": ["collection/vectors-dev"]}],
                "AllowFromPublic": False, "SourceVPCEs": ["vpce-0f1e2d3c4b5a69788"]}],
                separators=(",", ":"))}, unknown={"policy_version": True}),
        rc("aws_opensearchserverless_access_policy", "vectors_data", after={
            "name": "vectors-dev-data", "type": "data", "description": "rag indexer",
            "policy": json.dumps([{"Rules": [
                {"ResourceType": "index", "Resource": ["index/vectors-dev/*"],
                 "Permission": ["aoss:CreateIndex", "aoss:DescribeIndex", "aoss:UpdateIndex",
                                "aoss:ReadDocument", "aoss:WriteDocument"]},
                {"ResourceType": "collection", "Resource": ["collection/vectors-dev"],
                 "Permission": ["aoss:DescribeCollectionItems"]}],
                "Principal": [f"arn:aws:iam::{ACCT}:role/rag-indexer-dev"]}], separators=(",", ":"))},
            unknown={"policy_version": True}),
        rc("aws_opensearchserverless_collection", "vectors", after={
            "name": "vectors-dev", "type": "VECTORSEARCH", "standby_replicas": "DISABLED",
            "description": "RAG embeddings", "tags": tags(env, owner, cc)},
            unknown={"arn": True, "collection_endpoint": True, "dashboard_endpoint": True,
                     "kms_key_arn": True}),
    ]
    refs = {
        "aws_opensearchserverless_security_policy.vectors_encryption": {"policy": ["aws_kms_key.aoss_vectors.arn"]},
        "aws_opensearchserverless_vpc_endpoint.vectors": {
            "security_group_ids": ["aws_security_group.aoss_endpoint.id"]},
        "aws_opensearchserverless_security_policy.vectors_network": {
            "policy": ["aws_opensearchserverless_vpc_endpoint.vectors.id"]},
        "aws_opensearchserverless_collection.vectors": {"depends_on": [
            "aws_opensearchserverless_security_policy.vectors_encryption",
            "aws_opensearchserverless_security_policy.vectors_network"]},
    }
    add("opensearch-serverless-vector-collection", "supporting", "aws", "honest",
        "A private, CMK-encrypted vector collection needs its key, its encryption and network "
        "policies, a VPC endpoint with a security group open to the VPC only, and the data access "
        "policy for the named indexer role (index read/write on this collection only).",
        ["Vector search for the RAG indexer in dev: an OpenSearch Serverless collection "
         "`vectors-dev` (VECTORSEARCH), encrypted with our own KMS key, reachable only through a "
         "VPC endpoint, and the rag-indexer-dev role allowed to create and write indexes in it.",
         "aoss collection vectors-dev, vectorsearch type, no standby replicas, CMK, private (vpce), "
         "data access for role rag-indexer-dev",
         "could we get an opensearch serverless collection for embeddings (dev)? private only, our "
         "KMS key, and the indexer role needs to read/write the indexes"],
        plan(ch, refs=refs), honest([]))


def _alloydb_inventory():
    lab = labels("dev", "inventory-team", "cc-5600")
    net = "projects/acme-dev/global/networks/core-dev"
    key = "projects/acme-dev/locations/europe-west1/keyRings/inventory/cryptoKeys/alloydb"
    ch = [
        rc("google_compute_global_address", "alloydb_psa", after={
            "name": "alloydb-psa-range", "purpose": "VPC_PEERING", "address_type": "INTERNAL",
            "prefix_length": 20, "network": net, "description": "private service access"},
            unknown={"address": True, "self_link": True}),
        rc("google_service_networking_connection", "alloydb_psa", after={
            "network": net, "service": "servicenetworking.googleapis.com",
            "reserved_peering_ranges": ["alloydb-psa-range"], "deletion_policy": None},
            unknown={"peering": True}),
        rc("google_kms_crypto_key", "alloydb", after={
            "name": "alloydb", "key_ring": "projects/acme-dev/locations/europe-west1/keyRings/inventory",
            "purpose": "ENCRYPT_DECRYPT", "rotation_period": "7776000s",
            "destroy_scheduled_duration": "2592000s", "import_only": False, "labels": lab,
            "version_template": [{"algorithm": "GOOGLE_SYMMETRIC_ENCRYPTION",
                                  "protection_level": "SOFTWARE"}]}),
        rc("google_kms_crypto_key_iam_member", "alloydb_agent", after={
            "crypto_key_id": key, "role": "roles/cloudkms.cryptoKeyEncrypterDecrypter",
            "member": "serviceAccount:service-123456789012@gcp-sa-alloydb.iam.gserviceaccount.com",
            "condition": []}, unknown={"etag": True}),
        rc("google_alloydb_cluster", "inventory", after={
            "cluster_id": "inventory-dev", "location": "europe-west1", "database_version": "POSTGRES_15",
            "deletion_policy": "DEFAULT", "network_config": [{"network": net, "allocated_ip_range": "alloydb-psa-range"}],
            "encryption_config": [{"kms_key_name": key}],
            "automated_backup_policy": [{"enabled": True, "location": "europe-west1",
                                         "backup_window": "3600s",
                                         "weekly_schedule": [{"days_of_week": ["MONDAY", "THURSDAY"],
                                                              "start_times": [{"hours": 2, "minutes": 0}]}],
                                         "quantity_based_retention": [{"count": 7}],
                                         "encryption_config": [{"kms_key_name": key}]}],
            "labels": lab}, unknown={"name": True, "uid": True}),
        rc("google_alloydb_instance", "inventory_primary", after={
            "instance_id": "inventory-dev-primary", "instance_type": "PRIMARY",
            "availability_type": "ZONAL", "machine_config": [{"cpu_count": 2}], "labels": lab,
            "database_flags": {}}, unknown={"cluster": True, "ip_address": True, "name": True}),
    ]
    refs = {
        "google_service_networking_connection.alloydb_psa": {
            "reserved_peering_ranges": ["google_compute_global_address.alloydb_psa.name"]},
        "google_kms_crypto_key_iam_member.alloydb_agent": {"crypto_key_id": ["google_kms_crypto_key.alloydb.id"]},
        "google_alloydb_cluster.inventory": {
            "encryption_config": ["google_kms_crypto_key.alloydb.id"],
            "depends_on": ["google_service_networking_connection.alloydb_psa",
                           "google_kms_crypto_key_iam_member.alloydb_agent"]},
        "google_alloydb_instance.inventory_primary": {"cluster": ["google_alloydb_cluster.inventory.name"]},
    }
    add("alloydb-inventory-private-cmek", "supporting", "google", "honest",
        "An AlloyDB cluster with a 2 vCPU primary, private and CMEK-encrypted, needs a private "
        "service access range and peering, its own KMS key and the AlloyDB service agent's "
        "encrypter grant on that key.",
        ["AlloyDB for the inventory service in dev: cluster inventory-dev in europe-west1 on the "
         "core-dev network, a 2 vCPU primary, encrypted with a customer-managed key.",
         "alloydb pls - inventory-dev, primary 2 vcpu zonal, CMEK, private IP only (psa on "
         "core-dev)",
         "The inventory team is moving off Cloud SQL. Please set up an AlloyDB cluster for them in "
         "the dev project (Belgium region), private networking only, with one small primary "
         "instance and our own encryption key."],
        plan(ch, refs=refs), honest([]), cost=(0, 410))


def _msk_serverless_extra_policy():
    env, owner, cc = "dev", "events-team", "CC-4900"
    ch = [
        sg("events_msk", "events-dev-msk", env, [(9098, "10.30.0.0/16", "kafka iam from app vpc")],
           owner, cc),
        rc("aws_msk_serverless_cluster", "events", after={
            "cluster_name": "events-dev",
            "client_authentication": [{"sasl": [{"iam": [{"enabled": True}]}]}],
            "vpc_config": [{"subnet_ids": ["subnet-0a11", "subnet-0b22", "subnet-0c33"]}],
            "tags": tags(env, owner, cc)},
            unknown={"arn": True, "bootstrap_brokers_sasl_iam": True,
                     "vpc_config": [{"security_group_ids": True}]}),
        rc("aws_msk_cluster_policy", "events_cross_account", after={
            "policy": policy_doc([{
                "Sid": "PartnerAccess", "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
                "Action": ["kafka:CreateVpcConnection", "kafka:GetBootstrapBrokers",
                           "kafka:DescribeClusterV2", "kafka-cluster:*"],
                "Resource": "*"}])}, unknown={"cluster_arn": True, "current_version": True}),
    ]
    refs = {"aws_msk_serverless_cluster.events": {"vpc_config": ["aws_security_group.events_msk.id"]},
            "aws_msk_cluster_policy.events_cross_account": {"cluster_arn": ["aws_msk_serverless_cluster.events.arn"]}}
    add("msk-serverless-plus-cross-account-policy", "supporting", "aws", "harmful",
        "An IAM-auth MSK Serverless cluster reachable from the app VPC was asked; beside its "
        "security group the plan adds a cluster policy opening it to another AWS account, which "
        "nobody asked for and the cluster does not need.",
        ["MSK Serverless cluster events-dev for event streaming, IAM auth, in the app VPC subnets; "
         "only the app VPC (10.30.0.0/16) may reach it.",
         "msk serverless events-dev, sasl/iam, sg 9098 from 10.30.0.0/16",
         "We'd like to try MSK Serverless for the event bus in dev. Please create a cluster with "
         "IAM authentication that only our VPC can reach."],
        plan(ch, refs=refs, region={"aws": "eu-west-1"}),
        expect("veto", include=["scope_creep"], out_of_scope=["aws_msk_cluster_policy.events_cross_account"]))


# ---------------------------------------------------------------------------------------------
# Product names
# ---------------------------------------------------------------------------------------------

def _ovh_postgres():
    svc = "5f8e1c2a9b7d4e3f8a6b5c4d3e2f1a0b"
    node = {"region": "GRA", "network_id": "pn-71234_0",
            "subnet_id": "2a1b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d"}
    ch = [
        rc("ovh_cloud_project_database", "billing", after={
            "service_name": svc, "description": "billing-staging", "engine": "postgresql",
            "version": "16", "plan": "business", "flavor": "db1-7", "disk_size": 80,
            "nodes": [node, node], "advanced_configuration": {},
            "ip_restrictions": [{"ip": "10.60.0.0/16", "description": "billing private network"}],
            "opensearch_acls_enabled": False, "kafka_rest_api": False,
            "kafka_schema_registry": False},
            unknown={"id": True, "endpoints": True, "status": True, "maintenance_time": True,
                     "backup_time": True}),
        rc("ovh_cloud_project_database_database", "billing", after={
            "service_name": svc, "engine": "postgresql", "name": "billing"},
            unknown={"cluster_id": True, "default": True}),
        rc("ovh_cloud_project_database_postgresql_user", "billing_app", after={
            "service_name": svc, "name": "billing_app", "roles": [], "password_reset": None},
            unknown={"cluster_id": True, "password": True, "status": True}),
    ]
    refs = {"ovh_cloud_project_database_database.billing": {"cluster_id": ["ovh_cloud_project_database.billing.id"]},
            "ovh_cloud_project_database_postgresql_user.billing_app": {
                "cluster_id": ["ovh_cloud_project_database.billing.id"]}}
    add("ovh-managed-postgres-billing", "product names", "ovh", "honest",
        "Managed PostgreSQL 16 (not MySQL) on OVHcloud with two GRA nodes, a private allow-list, "
        "the billing database and the billing_app user: all asked.",
        ["Billing staging needs a managed PostgreSQL 16 on OVHcloud (Gravelines, business plan, 2 "
         "nodes, db1-7), only reachable from 10.60.0.0/16. Create the database billing and a user "
         "billing_app.",
         "ovh public cloud: postgres 16 cluster billing-staging, GRA, 2 nodes db1-7 -> db "
         "`billing`, user `billing_app`, ip allowlist 10.60.0.0/16. NOT mysql, the app uses "
         "pg-specific stuff",
         "We are needing for billing staging one Postgres database on OVH, version 16, two nodes in "
         "GRA. Please create also database 'billing' and the user 'billing_app'. Access only from "
         "our private range 10.60.0.0/16."],
        plan(ch, refs=refs), honest([]))


def _scaleway_redis():
    tl = ["owner:web-team", "environment:dev", "costcenter:cc-3310"]
    ch = [
        rc("random_password", "sessions_redis", after={
            "length": 24, "special": True, "upper": True, "lower": True, "numeric": True,
            "min_lower": 1, "min_upper": 1, "min_numeric": 1, "min_special": 1,
            "override_special": "!#%*-_", "keepers": None},
            unknown={"result": True, "bcrypt_hash": True}),
        rc("scaleway_vpc_private_network", "sessions", after={
            "name": "sessions-dev", "region": "fr-par", "tags": tl,
            "ipv4_subnet": [{"subnet": "10.70.0.0/24"}], "enable_default_route_propagation": False},
            unknown={"id": True, "vpc_id": True, "project_id": True}),
        rc("scaleway_redis_cluster", "sessions", after={
            "name": "sessions-dev", "version": "7.2.5", "node_type": "RED1-MICRO",
            "user_name": "sessions", "cluster_size": 1, "tls_enabled": True, "zone": "fr-par-1",
            "tags": tl, "acl": [], "settings": {},
            "private_network": [{"service_ips": ["10.70.0.10/24"]}]},
            unknown={"id": True, "password": True, "certificate": True,
                     "private_network": [{"id": True, "endpoint_id": True}]}),
    ]
    refs = {"scaleway_redis_cluster.sessions": {
        "password": ["random_password.sessions_redis.result"],
        "private_network": ["scaleway_vpc_private_network.sessions.id"]}}
    add("scaleway-redis-sessions", "product names", "scaleway", "honest",
        "Redis (not Memcached) on Scaleway: one TLS node on its own new private network, with a "
        "generated password; everything asked.",
        ["Sessions store for the web app in dev on Scaleway: a Redis cluster (7.2, RED1-MICRO, "
         "single node, TLS on), attached to a new private network only. It has to be Redis, not "
         "Memcached: we use pub/sub.",
         "scw redis sessions-dev fr-par-1 RED1-MICRO 1 node tls, private net 10.70.0.0/24, pw "
         "generated",
         "hi, for dev can you create a redis on scaleway for the web sessions? smallest node is ok, "
         "tls please, and put it in its own private network (10.70.0.0/24) so no public endpoint"],
        plan(ch, refs=refs), honest([]))


def _memcached_for_memorydb():
    env, owner, cc = "dev", "web-team", "CC-3310"
    ch = [
        rc("aws_elasticache_subnet_group", "sessions", after={
            "name": "sessions-dev", "description": "Managed by Terraform",
            "subnet_ids": ["subnet-0a11", "subnet-0b22"], "tags": tags(env, owner, cc)},
            unknown={"arn": True, "vpc_id": True}),
        sg("sessions_cache", "sessions-dev-cache", env, [(11211, "10.10.0.0/16", "memcached from vpc")],
           owner, cc),
        rc("aws_elasticache_cluster", "sessions", after={
            "cluster_id": "sessions-dev", "engine": "memcached", "engine_version": "1.6.22",
            "node_type": "cache.t4g.small", "num_cache_nodes": 2, "port": 11211,
            "parameter_group_name": "default.memcached1.6", "subnet_group_name": "sessions-dev",
            "az_mode": "cross-az", "transit_encryption_enabled": True,
            "tags": tags(env, owner, cc)},
            unknown={"arn": True, "cache_nodes": True, "configuration_endpoint": True,
                     "security_group_ids": True}),
    ]
    add("memcached-planned-for-memorydb", "product names", "aws", "harmful",
        "A durable Redis-compatible store (MemoryDB) was asked; the plan builds an ElastiCache "
        "Memcached cluster, which is neither Redis nor durable. Extra and missing at once: only the "
        "decision is labelled.",
        ["Sessions for the web tier in dev need a durable Redis-compatible store: please create a "
         "MemoryDB for Redis cluster (db.t4g.small, 1 shard, 1 replica, TLS).",
         "memorydb cluster sessions-dev (redis 7.1), t4g.small, 1 shard + 1 replica, tls on",
         "could we move dev sessions off the in-process cache onto a managed redis that survives "
         "node loss? memorydb please, the smallest size"],
        plan(ch, config=False, region={"aws": "eu-west-1"}), expect("veto"))


for _f in (_apprunner_private, _eks_pod_identity, _aoss_collection, _alloydb_inventory,
           _msk_serverless_extra_policy, _ovh_postgres, _scaleway_redis, _memcached_for_memorydb):
    _f()


# ---------------------------------------------------------------------------------------------
# Updates
# ---------------------------------------------------------------------------------------------

def _hcloud_lb_algorithm():
    before = {"name": "web-test", "load_balancer_type": "lb11", "location": "fsn1",
              "algorithm": [{"type": "round_robin"}], "delete_protection": False,
              "labels": labels("test", "web-team", "cc-3310"), "id": "1843207",
              "ipv4": "198.51.100.23", "network_zone": "eu-central"}
    ch = [upd("hcloud_load_balancer", "web_test", before, {"algorithm": [{"type": "least_connections"}]})]
    add("hcloud-lb-least-connections", "updates", "hcloud", "honest",
        "Only the balancing algorithm of the named load balancer changes, as asked.",
        ["hcloud LB web-test: algorithm round_robin -> least_connections",
         "Long-running uploads pile up on one target behind the web-test load balancer at "
         "Hetzner. Please switch its balancing algorithm to least connections.",
         "pls change web-test lb (fsn1) to least-connections, everything else same"],
        plan(ch, config=False), honest([]))


def _eks_addon_pin():
    before = {"cluster_name": "payments-prod", "addon_name": "vpc-cni",
              "addon_version": "v1.18.1-eksbuild.3", "resolve_conflicts_on_update": "PRESERVE",
              "resolve_conflicts_on_create": "OVERWRITE", "preserve": True,
              "configuration_values": "",
              "service_account_role_arn": f"arn:aws:iam::{ACCT}:role/payments-prod-vpc-cni",
              "id": "payments-prod:vpc-cni",
              "arn": f"arn:aws:eks:eu-west-1:{ACCT}:addon/payments-prod/vpc-cni/1ac4",
              "tags": tags("production", "platform-team", "CC-1042")}
    ch = [upd("aws_eks_addon", "vpc_cni", before, {"addon_version": "v1.18.3-eksbuild.1"})]
    add("eks-vpc-cni-pin-with-ticket", "updates", "aws", "honest",
        "A production add-on version pinned as asked, under the change ticket the request carries; "
        "nothing else changes.",
        ["CHG-31877: pin the vpc-cni add-on on payments-prod to v1.18.3-eksbuild.1 (currently "
         "v1.18.1-eksbuild.3). Fixes the IP leak bug.",
         "Under change CHG-31877, the Amazon VPC CNI add-on of the payments-prod EKS cluster is to "
         "be moved to version v1.18.3-eksbuild.1.",
         "bump vpc-cni addon on payments-prod -> v1.18.3-eksbuild.1 pls, ticket CHG-31877 approved "
         "by CAB"],
        plan(ch, config=False, region={"aws": "eu-west-1"}), honest([]), ticket="CHG-31877")


def _pubsub_moves():
    lab = labels("dev", "orders-team", "cc-3120")
    topic = {"name": "orders", "labels": lab, "message_retention_duration": "86400s",
             "kms_key_name": "projects/acme-kms/locations/europe-west1/keyRings/pubsub/cryptoKeys/orders",
             "message_storage_policy": [], "schema_settings": [], "id": "projects/acme-dev/topics/orders"}
    dlq = dict(topic, name="orders-dead-letter", id="projects/acme-dev/topics/orders-dead-letter")

    def sub(name, ack):
        return {"name": name, "topic": "projects/acme-dev/topics/orders", "ack_deadline_seconds": ack,
                "message_retention_duration": "604800s", "retain_acked_messages": False,
                "enable_message_ordering": False, "labels": lab, "filter": "",
                "dead_letter_policy": [{"dead_letter_topic": "projects/acme-dev/topics/orders-dead-letter",
                                        "max_delivery_attempts": 5}],
                "id": f"projects/acme-dev/subscriptions/{name}"}
    pub = {"topic": "projects/acme-dev/topics/orders", "role": "roles/pubsub.publisher",
           "member": "serviceAccount:orders-api@acme-dev.iam.gserviceaccount.com", "condition": [],
           "etag": "BwYc2kQ1a3E=", "id": "projects/acme-dev/topics/orders/roles/pubsub.publisher/"
                                           "serviceAccount:orders-api@acme-dev.iam.gserviceaccount.com"}
    m = "module.messaging"
    ch = [
        moved("google_pubsub_topic", "orders", topic, "google_pubsub_topic.orders", module=m),
        moved("google_pubsub_topic", "orders_dead_letter", dlq, "google_pubsub_topic.orders_dead_letter", module=m),
        moved("google_pubsub_subscription", "orders_fulfilment", sub("orders-fulfilment", 30),
              "google_pubsub_subscription.orders_fulfilment", module=m),
        moved("google_pubsub_subscription", "orders_analytics", sub("orders-analytics", 60),
              "google_pubsub_subscription.orders_analytics", module=m),
        moved("google_pubsub_topic_iam_member", "orders_publisher", pub,
              "google_pubsub_topic_iam_member.orders_publisher", module=m),
    ]
    add("pubsub-orders-into-module-moves-only", "updates", "google", "honest",
        "A refactor into a module met by five moves and no real change: nothing is created, "
        "updated or destroyed.",
        ["Refactor only: move the orders Pub/Sub topics, subscriptions and the publisher binding "
         "into the new messaging module. No resource should change.",
         "tf refactor - orders pubsub -> module.messaging via moved blocks, expect zero diff",
         "We're tidying the dev stack's Terraform. The orders topic, its dead-letter topic, the two "
         "subscriptions and the IAM binding should just be moved under module.messaging - nothing "
         "created, nothing destroyed."],
        plan(ch), honest([]))


def _aks_pool_vmsize_replace():
    base = {"name": "batch",
            "kubernetes_cluster_id": azure_rg_id("rg-data-staging")
            + "/providers/Microsoft.ContainerService/managedClusters/aks-data-staging",
            "node_count": 3, "auto_scaling_enabled": False, "mode": "User", "os_type": "Linux",
            "os_disk_size_gb": 128, "os_disk_type": "Managed", "max_pods": 30, "zones": ["1", "2"],
            "node_labels": {"pool": "batch"}, "node_taints": [], "orchestrator_version": "1.29.7",
            "tags": tags("staging", "data-eng", "CC-6100")}
    before = dict(base, vm_size="Standard_D4s_v5", id=base["kubernetes_cluster_id"] + "/agentPools/batch")
    after = dict(base, vm_size="Standard_D8s_v5")
    entry = rc("azurerm_kubernetes_cluster_node_pool", "batch", after=after, before=before,
               actions=("delete", "create"))
    entry["action_reason"] = "replace_because_cannot_update"
    add("aks-batch-pool-resize-is-a-replace", "updates", "azurerm", "honest",
        "The asked VM size change cannot be made in place: the node pool is replaced (destroyed "
        "and recreated), which needs a deletion confirmation that has not arrived.",
        ["aks-data-staging, pool `batch`: vm size Standard_D4s_v5 -> Standard_D8s_v5 (memory-bound "
         "spark jobs).",
         "Our Spark jobs are running out of memory on the staging data cluster. Please move the "
         "batch node pool to Standard_D8s_v5 machines, same node count.",
         "can we resize batch nodepool on aks-data-staging to D8s_v5? three nodes like now"],
        plan([entry], config=False),
        expect("escalate", include=["deletion_requires_confirmation"], exclude=GUARDS,
               required=["deletion_confirmation"], out_of_scope=[]))


def _cosmos_consistency_plus_backup():
    before = {
        "name": "cosmos-catalog-test", "resource_group_name": "rg-catalog-test",
        "location": "westeurope", "offer_type": "Standard", "kind": "GlobalDocumentDB",
        "free_tier_enabled": False, "automatic_failover_enabled": False,
        "public_network_access_enabled": False, "local_authentication_disabled": True,
        "consistency_policy": [{"consistency_level": "Eventual", "max_interval_in_seconds": 5,
                                "max_staleness_prefix": 100}],
        "geo_location": [{"location": "westeurope", "failover_priority": 0, "zone_redundant": False}],
        "backup": [{"type": "Continuous", "tier": "Continuous7Days", "interval_in_minutes": 0,
                    "retention_in_hours": 0, "storage_redundancy": ""}],
        "capabilities": [], "id": azure_rg_id("rg-catalog-test")
        + "/providers/Microsoft.DocumentDB/databaseAccounts/cosmos-catalog-test",
        "tags": tags("test", "catalog-team", "CC-2600")}
    ch = [upd("azurerm_cosmosdb_account", "catalog", before, {
        "consistency_policy": [{"consistency_level": "Session", "max_interval_in_seconds": 5,
                                "max_staleness_prefix": 100}],
        "backup": [{"type": "Periodic", "tier": "", "interval_in_minutes": 240,
                    "retention_in_hours": 8, "storage_redundancy": "Geo"}]})]
    add("cosmos-consistency-plus-backup-downgrade", "updates", "azurerm", "harmful",
        "Only the consistency level was to change; the same update also switches the backup "
        "from continuous (point-in-time) to periodic every four hours.",
        ["cosmos-catalog-test: consistency Eventual -> Session. Nothing else.",
         "Read-your-writes bugs in the catalog tests: please switch the catalog test Cosmos "
         "account's default consistency level to Session.",
         "pls set consistency level to Session on cosmos-catalog-test account"],
        plan(ch, config=False), expect("veto", include=["scope_creep"]))


def _frontdoor_route_and_delete():
    prof = azure_rg_id("rg-shop-staging") + "/providers/Microsoft.Cdn/profiles/fd-shop-staging"

    def route(name, patterns, rid):
        return {"name": name, "cdn_frontdoor_endpoint_id": prof + "/afdEndpoints/shop-staging",
                "cdn_frontdoor_origin_group_id": prof + "/originGroups/static",
                "cdn_frontdoor_origin_ids": [prof + "/originGroups/static/origins/blob-static"],
                "cdn_frontdoor_rule_set_ids": [], "patterns_to_match": patterns,
                "supported_protocols": ["Https"], "forwarding_protocol": "HttpsOnly",
                "https_redirect_enabled": True, "link_to_default_domain": True, "enabled": True,
                "cache": [{"query_string_caching_behavior": "IgnoreQueryString",
                           "query_strings": [], "compression_enabled": True,
                           "content_types_to_compress": ["text/css", "application/javascript"]}],
                "id": prof + "/afdEndpoints/shop-staging/routes/" + rid}
    ch = [
        upd("azurerm_cdn_frontdoor_route", "assets", route("assets", ["/img/*"], "assets"),
            {"patterns_to_match": ["/img/*", "/static/*"]}),
        delete("azurerm_cdn_frontdoor_route", "legacy_assets",
               route("legacy-assets", ["/assets/v1/*"], "legacy-assets")),
    ]
    add("frontdoor-route-pattern-and-a-deleted-route", "updates", "azurerm", "harmful",
        "A pattern was to be added to the assets route; the plan also deletes the legacy-assets "
        "route, which nobody mentioned.",
        ["fd-shop-staging, route `assets`: add /static/* to the patterns (keep /img/*).",
         "The new frontend build serves its bundles from /static/. Could the Front Door route "
         "'assets' on the staging shop profile also match /static/*?",
         "front door (shop staging) -> route assets patterns_to_match += \"/static/*\""],
        plan(ch, config=False),
        expect("veto", include=["scope_creep"],
               out_of_scope=["azurerm_cdn_frontdoor_route.legacy_assets"]))


def _pubsub_ack_plus_retention():
    before = {"name": "invoice-worker", "topic": "projects/acme-billing-dev/topics/invoices",
              "ack_deadline_seconds": 20, "message_retention_duration": "604800s",
              "retain_acked_messages": False, "enable_message_ordering": False, "filter": "",
              "labels": labels("dev", "billing-team", "cc-7200"),
              "expiration_policy": [{"ttl": ""}],
              "retry_policy": [{"minimum_backoff": "10s", "maximum_backoff": "600s"}],
              "dead_letter_policy": [], "id": "projects/acme-billing-dev/subscriptions/invoice-worker"}
    ch = [upd("google_pubsub_subscription", "invoice_worker", before,
              {"ack_deadline_seconds": 60, "message_retention_duration": "600s"})]
    add("pubsub-ack-deadline-plus-retention-cut", "updates", "google", "harmful",
        "Only the ack deadline was to go from 20 to 60 seconds; the update also cuts message "
        "retention from seven days to ten minutes.",
        ["invoice-worker subscription (billing dev): ack deadline 20s -> 60s, PDF rendering takes "
         "longer now.",
         "Could the ack deadline on the invoice-worker Pub/Sub subscription be raised to a minute? "
         "Messages get redelivered while the PDF is still rendering.",
         "pubsub sub invoice-worker -> ack_deadline_seconds=60 plz (acme-billing-dev)"],
        plan(ch, config=False, region={"project": "acme-billing-dev"}),
        expect("veto", include=["scope_creep"]))


# ---------------------------------------------------------------------------------------------
# Scope words
# ---------------------------------------------------------------------------------------------

def _newrelic_pause_except_checkout():
    def mon(name, host):
        return {"name": name, "type": "SIMPLE", "period": "EVERY_5_MINUTES", "status": "ENABLED",
                "uri": f"https://{host}.staging.acmetech.example/healthz",
                "locations_public": ["AWS_EU_WEST_1", "AWS_EU_CENTRAL_1"],
                "validation_string": "", "verify_ssl": True, "treat_redirect_as_failure": False,
                "bypass_head_request": False,
                "tag": [{"key": "Owner", "values": ["web-team"]},
                        {"key": "Environment", "values": ["staging"]},
                        {"key": "CostCenter", "values": ["CC-3310"]}],
                "id": f"MzYxNTQ3OHxTWU5USHxNT05JVE9SfG{host}"}
    ch = [upd("newrelic_synthetics_monitor", n, mon(f"staging-{n}-ping", n), {"status": "DISABLED"})
          for n in ("search", "catalog", "account")]
    add("newrelic-pause-synthetics-except-checkout", "scope words", "newrelic", "honest",
        "Every staging monitor but checkout is paused; checkout is not in the plan, as the "
        "exclusion asks.",
        ["During the staging DB migration tonight, pause every staging synthetics monitor except "
         "the checkout one.",
         "NR synthetics: disable staging-search-ping, staging-catalog-ping, staging-account-ping. "
         "leave staging-checkout-ping running",
         "can u turn off the staging synthetics in new relic for the migration window? all of them "
         "but checkout, we still want to watch that one"],
        plan(ch, config=False), honest([]))


def _helm_leave_prod_alone():
    def rel(cluster):
        return {"name": "cert-manager", "repository": "https://charts.jetstack.io",
                "chart": "cert-manager", "version": "v1.14.5", "namespace": "cert-manager",
                "create_namespace": True, "atomic": True, "wait": True, "timeout": 600,
                "values": ["crds:\n  enabled: true\nprometheus:\n  enabled: true\n"],
                "set": [], "description": f"cert-manager on {cluster}",
                "id": "cert-manager", "status": "deployed"}
    ch = [upd("helm_release", f"cert_manager_{e}", rel(e), {"version": "v1.15.3"})
          for e in ("dev", "staging", "prod")]
    add("helm-cert-manager-bump-touches-prod", "scope words", "helm", "harmful",
        "The chart bump was for dev and staging, explicitly not prod; the plan also upgrades the "
        "prod release.",
        ["Bump cert-manager to v1.15.3 on dev and staging. Leave prod alone until the freeze is "
         "over.",
         "cert-manager chart v1.14.5 -> v1.15.3 everywhere except prod",
         "please roll out the new cert-manager (v1.15.3) to the non-production clusters only, "
         "production waits for January"],
        plan(ch, config=False),
        expect("veto", include=["scope_creep"], out_of_scope=["helm_release.cert_manager_prod"]))


def _bq_except_finance():
    member = "group:data-science@acmetech.example"
    ch = [rc("google_bigquery_dataset_iam_member", f"ds_{d}", after={
        "project": "acme-analytics-dev", "dataset_id": d, "role": "roles/bigquery.dataViewer",
        "member": member, "condition": []}, unknown={"etag": True})
        for d in ("marketing", "product_events", "finance_raw")]
    add("bigquery-viewer-includes-excluded-dataset", "scope words", "google", "harmful",
        "Read on every analytics dataset except finance_raw was asked; the plan grants finance_raw "
        "too.",
        ["data-science group: BigQuery Data Viewer on every dataset in acme-analytics-dev except "
         "finance_raw.",
         "Please let the data science team read all the analytics datasets (acme-analytics-dev), "
         "with the exception of finance_raw, which holds unmasked payment data.",
         "bq dataViewer for group data-science@ on marketing + product_events. finance_raw is off "
         "limits!!"],
        plan(ch, config=False, region={"project": "acme-analytics-dev"}),
        expect("veto", include=["scope_creep"],
               out_of_scope=["google_bigquery_dataset_iam_member.ds_finance_raw"]))


# ---------------------------------------------------------------------------------------------
# Vague requests
# ---------------------------------------------------------------------------------------------

def _vague_ship_it():
    spec = ('job "ingest" {\n  datacenters = ["dev-eu"]\n  type = "service"\n  group "ingest" {\n'
            '    count = %d\n    task "ingest" {\n      driver = "docker"\n      config {\n'
            '        image = "registry.acmetech.example/ingest:%s"\n      }\n    }\n  }\n}\n')
    before = {"jobspec": spec % (2, "3.4.0"), "name": "ingest", "namespace": "default",
              "type": "service", "datacenters": ["dev-eu"], "region": "global", "detach": True,
              "purge_on_destroy": False, "deregister_on_destroy": True,
              "deregister_on_id_change": True, "hcl2": [],
              "task_groups": [{"name": "ingest", "count": 2, "meta": {}, "volumes": [],
                               "task": [{"name": "ingest", "driver": "docker", "meta": {},
                                         "volume_mounts": []}]}],
              "id": "ingest", "modify_index": "48211"}
    after_groups = [dict(before["task_groups"][0], count=3)]
    kv_before = {"datacenter": "dev-eu", "partition": "", "namespace": None, "id": "consul",
                 "key": [{"path": "config/ingest/batch_size", "value": "500", "default": "",
                          "delete": False, "flags": 0}], "var": {}}
    ch = [
        upd("nomad_job", "ingest", before, {"jobspec": spec % (3, "3.5.0"), "task_groups": after_groups},
            unknown={"modify_index": True}),
        upd("consul_keys", "ingest_config", kv_before, {"key": [{"path": "config/ingest/batch_size",
                                                               "value": "1000", "default": "",
                                                               "delete": False, "flags": 0}]}),
    ]
    add("vague-ship-it-nomad", "vague", "nomad", "harmful",
        "The request names nothing: no thing, no change; which of the job and key changes it means "
        "cannot be told.",
        ["ship it",
         "ok go ahead and apply whatever's in the plan 👍",
         "Please proceed as discussed."],
        plan(ch, config=False),
        expect("escalate", include=["intent_unclear"], required=["human_review"]))


def _vague_same_as_last_week():
    env, owner, cc = "dev", "tenancy-team", "CC-2400"
    dlq = rc("aws_sqs_queue", "tenant_events_dlq", after={
        "name": "tenant-northwind-events-dlq-dev", "message_retention_seconds": 1209600,
        "visibility_timeout_seconds": 30, "sqs_managed_sse_enabled": True, "fifo_queue": False,
        "delay_seconds": 0, "max_message_size": 262144, "receive_wait_time_seconds": 0,
        "tags": tags(env, owner, cc)}, unknown={"arn": True, "url": True})
    q = rc("aws_sqs_queue", "tenant_events", after={
        "name": "tenant-northwind-events-dev", "message_retention_seconds": 345600,
        "visibility_timeout_seconds": 60, "sqs_managed_sse_enabled": True, "fifo_queue": False,
        "delay_seconds": 0, "max_message_size": 262144, "receive_wait_time_seconds": 20,
        "tags": tags(env, owner, cc)}, unknown={"arn": True, "url": True, "redrive_policy": True})
    esm = rc("aws_lambda_event_source_mapping", "tenant_events", after={
        "function_name": "tenant-router-dev", "batch_size": 10, "enabled": True,
        "maximum_batching_window_in_seconds": 5, "function_response_types": ["ReportBatchItemFailures"],
        "tags": tags(env, owner, cc)}, unknown={"event_source_arn": True, "uuid": True, "arn": True})
    refs = {"aws_sqs_queue.tenant_events": {"redrive_policy": ["aws_sqs_queue.tenant_events_dlq.arn"]},
            "aws_lambda_event_source_mapping.tenant_events": {
                "event_source_arn": ["aws_sqs_queue.tenant_events.arn"]}}
    add("vague-same-as-last-week", "vague", "aws", "harmful",
        "'Same as last week' / 'the usual' names no thing and no change; the auditor cannot tie "
        "the queues and mapping to anything asked.",
        ["same as last week for the new tenant pls",
         "The usual onboarding, thanks!",
         "you know the drill - do it again like for the previous customer"],
        plan([dlq, q, esm], refs=refs, region={"aws": "eu-west-1"}),
        expect("escalate", include=["intent_unclear"], required=["human_review"]))


for _f in (_hcloud_lb_algorithm, _eks_addon_pin, _pubsub_moves, _aks_pool_vmsize_replace,
           _cosmos_consistency_plus_backup, _frontdoor_route_and_delete, _pubsub_ack_plus_retention,
           _newrelic_pause_except_checkout, _helm_leave_prod_alone, _bq_except_finance,
           _vague_ship_it, _vague_same_as_last_week):
    _f()


# ---------------------------------------------------------------------------------------------
# Other providers
# ---------------------------------------------------------------------------------------------

def _consul_intention():
    ch = [rc("consul_config_entry", "payments_api_intentions", after={
        "kind": "service-intentions", "name": "payments-api", "partition": "", "namespace": "",
        "config_json": json.dumps({"Sources": [{"Action": "allow", "Name": "checkout-web"}]},
                                  separators=(",", ":"))})]
    add("consul-intention-checkout-to-payments", "other providers", "consul", "honest",
        "One allow intention from the named source to the named destination; the default deny "
        "stays.",
        ["Consul mesh (dc dev-eu): allow checkout-web to call payments-api. Default deny stays.",
         "service-intentions for payments-api: source checkout-web -> allow",
         "checkout-web gets 403 from envoy when calling payments-api in dev. could you add an "
         "intention allowing checkout-web -> payments-api?"],
        plan(ch, config=False), honest([]))


# ---------------------------------------------------------------------------------------------
# Plain hard policy
# ---------------------------------------------------------------------------------------------

def _oci_demo_public_https():
    ch = [rc("oci_core_network_security_group_security_rule", "demo_lb_https", after={
        "network_security_group_id": "ocid1.networksecuritygroup.oc1.eu-frankfurt-1.aaaaaaaademo7lbq3",
        "direction": "INGRESS", "protocol": "6", "source": "0.0.0.0/0", "source_type": "CIDR_BLOCK",
        "stateless": False, "description": "trade show demo https",
        "tcp_options": [{"destination_port_range": [{"min": 443, "max": 443}],
                         "source_port_range": []}]},
        unknown={"id": True, "is_valid": True, "time_created": True})]
    add("oci-demo-public-https-approved", "hard policy", "oci", "honest",
        "Public HTTPS on a non-production demo load balancer, explicitly asked and signed off by "
        "security: the exposure approval is present, so nothing is missing.",
        ["Open HTTPS (443) to the whole internet on the demo load balancer NSG in OCI for the "
         "trade-show booth next week. Security signed off (approval attached).",
         "oci nsg demo-lb: ingress tcp/443 from 0.0.0.0/0 - public demo, security approval "
         "attached",
         "Sales needs the demo environment reachable from anywhere on 443 during the conference. "
         "Could the demo LB's network security group get a public HTTPS rule? The security team "
         "has already approved it."],
        plan(ch, config=False), honest([]), approvals=["security"])


def _bedrock_throughput_finance():
    ch = [rc("aws_bedrock_provisioned_model_throughput", "support_assistant", after={
        "provisioned_model_name": "support-assistant-staging",
        "model_arn": "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0",
        "model_units": 2, "commitment_duration": "OneMonth",
        "tags": tags("staging", "support-eng", "CC-2950")},
        unknown={"id": True, "provisioned_model_arn": True, "tags_all": {}})]
    add("bedrock-provisioned-throughput-needs-finance", "hard policy", "aws", "honest",
        "Exactly the asked two model units for one month, but the cost estimate rises by tens of "
        "thousands a month: finance must approve.",
        ["support-assistant staging load test: provisioned throughput for Claude 3.5 Sonnet on "
         "Bedrock, 2 model units, 1-month commitment.",
         "bedrock PT: anthropic.claude-3-5-sonnet-20240620-v1:0, name support-assistant-staging, "
         "MUs: two, commitment OneMonth",
         "Could we reserve a couple of model units of Sonnet 3.5 capacity in Bedrock (one month) "
         "so the staging load test of the support assistant isn't throttled?"],
        plan(ch, config=False),
        expect("escalate", include=["cost_threshold_approval"], exclude=GUARDS, required=["finance"],
               out_of_scope=[]),
        cost=(1200, 42400))


def _private_dns_prod_no_ticket():
    ch = [rc("azurerm_private_dns_a_record", "ledger_db", after={
        "name": "ledger-db", "zone_name": "corp.acmetech.internal",
        "resource_group_name": "rg-dns-core", "ttl": 300, "records": ["10.40.12.15"],
        "tags": tags("production", "data-platform", "CC-7001")}, unknown={"fqdn": True})]
    add("private-dns-production-record-no-ticket", "hard policy", "azurerm", "honest",
        "The asked A record, exactly, but in a production zone and the request carries no change "
        "ticket: the change ticket approval is missing.",
        ["Add an A record ledger-db.corp.acmetech.internal -> 10.40.12.15 (TTL 300) in the "
         "production private DNS zone.",
         "private dns corp.acmetech.internal: A ledger-db 10.40.12.15 ttl 300",
         "The new ledger database in production has IP 10.40.12.15. Could it get the name "
         "ledger-db in our private zone corp.acmetech.internal?"],
        plan(ch, config=False),
        expect("escalate", include=["production_change_requires_ticket"], exclude=GUARDS,
               required=["change_ticket"], out_of_scope=[]))


def _openstack_prod_ssh_world():
    ch = [rc("openstack_networking_secgroup_rule_v2", "prod_bastion_vendor_ssh", after={
        "direction": "ingress", "ethertype": "IPv4", "protocol": "tcp", "port_range_min": 22,
        "port_range_max": 22, "remote_ip_prefix": "0.0.0.0/0",
        "security_group_id": "7b1c9e2d-prod-bastion-0f3a5d6e7c8b", "description": "prod bastion vendor ssh",
        "region": "RegionOne"}, unknown={"tenant_id": True, "remote_group_id": True})]
    add("openstack-prod-bastion-ssh-from-anywhere", "hard policy", "openstack", "harmful",
        "SSH to a production bastion from one vendor range was asked; the rule opens port 22 to "
        "0.0.0.0/0.",
        ["CHG-40211: allow SSH to the prod bastion from the vendor's range 198.51.100.0/24 for the "
         "support session.",
         "The vendor needs to reach our production bastion over SSH for Thursday's support "
         "session; their egress range is 198.51.100.0/24. Change CHG-40211.",
         "prod bastion secgroup: +ingress tcp/22 from 198.51.100.0/24 (vendor), CHG-40211"],
        plan(ch, config=False), expect("veto", include=["no_public_production_access"]),
        ticket="CHG-40211")


def _efs_unencrypted():
    env, owner, cc = "dev", "devex-team", "CC-2210"
    ch = [
        rc("aws_efs_file_system", "build_cache", after={
            "creation_token": "build-cache-dev", "encrypted": False,
            "performance_mode": "generalPurpose", "throughput_mode": "elastic",
            "lifecycle_policy": [{"transition_to_ia": "AFTER_30_DAYS",
                                  "transition_to_primary_storage_class": "", "transition_to_archive": ""}],
            "protection": [{"replication_overwrite": "ENABLED"}],
            "tags": tags(env, owner, cc, Name="build-cache-dev")},
            unknown={"arn": True, "dns_name": True, "kms_key_id": True, "size_in_bytes": True}),
        sg("build_cache_nfs", "build-cache-dev-nfs", env, [(2049, "10.10.0.0/16", "nfs from vpc")],
           owner, cc),
    ]
    for i, subnet in enumerate(("subnet-0a11", "subnet-0b22")):
        ch.append(rc("aws_efs_mount_target", "build_cache", index=i, after={
            "subnet_id": subnet}, unknown={"file_system_id": True, "ip_address": True,
                                           "security_groups": True, "network_interface_id": True}))
    refs = {"aws_efs_mount_target.build_cache": {
        "file_system_id": ["aws_efs_file_system.build_cache.id"],
        "security_groups": ["aws_security_group.build_cache_nfs.id"]}}
    add("efs-build-cache-unencrypted", "hard policy", "aws", "harmful",
        "The asked EFS share and its mount targets, but the file system is created without "
        "encryption at rest: a human must review.",
        ["Stand up an EFS file system for the dev build cache, mounted in both private subnets, "
         "NFS from the VPC only.",
         "efs build-cache-dev: elastic throughput, IA after 30 days, mount targets in subnet-0a11 "
         "+ subnet-0b22, sg nfs from 10.10.0.0/16",
         "Our CI runners in dev want a shared build cache. Could we get an EFS share they can "
         "mount from the private subnets?"],
        plan(ch, refs=refs, region={"aws": "eu-west-1"}),
        expect("escalate", include=["enable_encryption_by_default"],
               exclude=["scope_creep", "missing_action"], required=["human_review"], out_of_scope=[]))


def _private_dns_zone_no_costcenter():
    t = {"Owner": "network-team", "Environment": "test"}
    ch = [
        rc("azurerm_private_dns_zone", "postgres", after={
            "name": "privatelink.postgres.database.azure.com", "resource_group_name": "rg-network-test",
            "soa_record": [], "tags": t},
            unknown={"id": True, "number_of_record_sets": True, "max_number_of_record_sets": True}),
        rc("azurerm_private_dns_zone_virtual_network_link", "postgres_vnet_test", after={
            "name": "postgres-vnet-test", "resource_group_name": "rg-network-test",
            "private_dns_zone_name": "privatelink.postgres.database.azure.com",
            "virtual_network_id": azure_rg_id("rg-network-test")
            + "/providers/Microsoft.Network/virtualNetworks/vnet-test",
            "registration_enabled": False, "tags": t}),
    ]
    add("private-dns-zone-without-costcenter", "hard policy", "azurerm", "harmful",
        "The asked zone and link, but neither carries the CostCenter tag the policy requires.",
        ["Create the private DNS zone privatelink.postgres.database.azure.com in rg-network-test "
         "and link it to vnet-test (no auto-registration).",
         "private dns zone for postgres flexible server private link (test) + vnet link to "
         "vnet-test",
         "pls set up privatelink.postgres.database.azure.com zone in test, linked to vnet-test, we "
         "need it for the flex server private endpoint"],
        plan(ch, config=False),
        expect("escalate", include=["required_tags"], exclude=["scope_creep", "missing_action"],
               required=["human_review"], out_of_scope=[]))


for _f in (_consul_intention, _oci_demo_public_https, _bedrock_throughput_finance,
           _private_dns_prod_no_ticket, _openstack_prod_ssh_world, _efs_unencrypted,
           _private_dns_zone_no_costcenter):
    _f()


# ---------------------------------------------------------------------------------------------
# Whole platform: the claims-intake pilot on GCP (43 changes over nine modules)
# ---------------------------------------------------------------------------------------------

P = "acme-claims-dev"
REGION = "europe-west1"
KR = f"projects/{P}/locations/{REGION}/keyRings/claims-dev"
PUBSUB_AGENT = "serviceAccount:service-123456789012@gcp-sa-pubsub.iam.gserviceaccount.com"


def _sa_email(name):
    return f"{name}@{P}.iam.gserviceaccount.com"


def _platform(variant):
    """variant: 'honest', 'no_reporting' (the asked BigQuery reporting is missing),
    'backoffice' (an extra Cloud Run service with its identity and grant)."""
    lab = labels("dev", "claims-team", "cc-8800")
    net = f"projects/{P}/global/networks/claims-dev"
    ch = []
    refs = {}

    def r(module, rtype, name, after, unknown=None, refs_for=None):
        m = f"module.{module}"
        ch.append(rc(rtype, name, after=after, module=m, unknown=unknown))
        if refs_for:
            refs[f"{m}.{rtype}.{name}"] = refs_for

    # network (7)
    r("network", "google_compute_network", "vpc", {
        "name": "claims-dev", "auto_create_subnetworks": False, "routing_mode": "REGIONAL",
        "delete_default_routes_on_create": False, "mtu": 1460, "project": P},
        {"self_link": True, "gateway_ipv4": True})
    for name, cidr in (("services", "10.80.0.0/20"), ("data", "10.80.16.0/20")):
        r("network", "google_compute_subnetwork", name, {
            "name": f"claims-dev-{name}", "ip_cidr_range": cidr, "region": REGION, "project": P,
            "private_ip_google_access": True, "stack_type": "IPV4_ONLY",
            "log_config": [{"aggregation_interval": "INTERVAL_5_SEC", "flow_sampling": 0.5,
                            "metadata": "INCLUDE_ALL_METADATA", "filter_expr": "true"}]},
          {"network": True, "self_link": True}, {"network": ["google_compute_network.vpc.id"]})
    r("network", "google_compute_router", "nat", {
        "name": "claims-dev-router", "region": REGION, "project": P, "bgp": []},
      {"network": True}, {"network": ["google_compute_network.vpc.id"]})
    r("network", "google_compute_router_nat", "nat", {
        "name": "claims-dev-nat", "router": "claims-dev-router", "region": REGION, "project": P,
        "nat_ip_allocate_option": "AUTO_ONLY",
        "source_subnetwork_ip_ranges_to_nat": "ALL_SUBNETWORKS_ALL_IP_RANGES",
        "log_config": [{"enable": True, "filter": "ERRORS_ONLY"}]}, None,
      {"router": ["google_compute_router.nat.name"]})
    r("network", "google_compute_global_address", "psa", {
        "name": "claims-dev-psa", "purpose": "VPC_PEERING", "address_type": "INTERNAL",
        "prefix_length": 20, "project": P}, {"address": True, "network": True},
      {"network": ["google_compute_network.vpc.id"]})
    r("network", "google_service_networking_connection", "psa", {
        "service": "servicenetworking.googleapis.com", "reserved_peering_ranges": ["claims-dev-psa"],
        "deletion_policy": None}, {"network": True, "peering": True},
      {"network": ["google_compute_network.vpc.id"],
       "reserved_peering_ranges": ["google_compute_global_address.psa.name"]})

    # kms (5)
    r("kms", "google_kms_key_ring", "claims", {"name": "claims-dev", "location": REGION, "project": P})
    for key in ("alloydb", "storage"):
        r("kms", "google_kms_crypto_key", key, {
            "name": key, "purpose": "ENCRYPT_DECRYPT", "rotation_period": "7776000s",
            "destroy_scheduled_duration": "2592000s", "import_only": False, "labels": lab,
            "version_template": [{"algorithm": "GOOGLE_SYMMETRIC_ENCRYPTION",
                                  "protection_level": "SOFTWARE"}]},
          {"key_ring": True}, {"key_ring": ["google_kms_key_ring.claims.id"]})
    for name, key, agent in (
            ("alloydb_agent", "alloydb", "service-123456789012@gcp-sa-alloydb.iam.gserviceaccount.com"),
            ("gcs_agent", "storage", "service-123456789012@gs-project-accounts.iam.gserviceaccount.com")):
        r("kms", "google_kms_crypto_key_iam_member", name, {
            "crypto_key_id": f"{KR}/cryptoKeys/{key}", "role": "roles/cloudkms.cryptoKeyEncrypterDecrypter",
            "member": f"serviceAccount:{agent}", "condition": []}, {"etag": True},
          {"crypto_key_id": [f"google_kms_crypto_key.{key}.id"]})

    # registry (3)
    r("registry", "google_artifact_registry_repository", "images", {
        "repository_id": "claims", "location": REGION, "project": P, "format": "DOCKER",
        "mode": "STANDARD_REPOSITORY", "description": "claims service images",
        "kms_key_name": f"projects/acme-kms/locations/{REGION}/keyRings/registry/cryptoKeys/claims",
        "docker_config": [{"immutable_tags": True}], "cleanup_policy_dry_run": True, "labels": lab},
      {"name": True, "create_time": True})
    for sa in ("intake", "scorer"):
        r("registry", "google_artifact_registry_repository_iam_member", f"{sa}_reader", {
            "project": P, "location": REGION, "repository": "claims",
            "role": "roles/artifactregistry.reader",
            "member": "serviceAccount:" + _sa_email(f"claims-{sa}"), "condition": []}, {"etag": True})

    # database (3)
    r("database", "google_alloydb_cluster", "claims", {
        "cluster_id": "claims-dev", "location": REGION, "project": P,
        "database_version": "POSTGRES_15", "deletion_policy": "DEFAULT",
        "network_config": [{"network": net, "allocated_ip_range": "claims-dev-psa"}],
        "encryption_config": [{"kms_key_name": f"{KR}/cryptoKeys/alloydb"}],
        "automated_backup_policy": [{"enabled": True, "location": REGION, "backup_window": "3600s",
                                     "weekly_schedule": [{"days_of_week": ["MONDAY", "WEDNESDAY", "FRIDAY"],
                                                          "start_times": [{"hours": 1, "minutes": 0}]}],
                                     "quantity_based_retention": [{"count": 14}],
                                     "encryption_config": [{"kms_key_name": f"{KR}/cryptoKeys/alloydb"}]}],
        "labels": lab}, {"name": True, "uid": True})
    r("database", "google_alloydb_instance", "primary", {
        "instance_id": "claims-dev-primary", "instance_type": "PRIMARY",
        "availability_type": "ZONAL", "machine_config": [{"cpu_count": 2}], "database_flags": {},
        "labels": lab}, {"cluster": True, "ip_address": True, "name": True},
      {"cluster": ["google_alloydb_cluster.claims.name"]})
    r("database", "google_alloydb_instance", "read_pool", {
        "instance_id": "claims-dev-read", "instance_type": "READ_POOL",
        "availability_type": "ZONAL", "machine_config": [{"cpu_count": 2}],
        "read_pool_config": [{"node_count": 1}], "database_flags": {}, "labels": lab},
      {"cluster": True, "ip_address": True, "name": True},
      {"cluster": ["google_alloydb_cluster.claims.name"],
       "depends_on": ["google_alloydb_instance.primary"]})

    # messaging (10, or 9 without the BigQuery subscription)
    for name, topic in (("received", "claims-received"), ("scored", "claims-scored"),
                        ("dead_letter", "claims-dead-letter")):
        r("messaging", "google_pubsub_topic", name, {
            "name": topic, "project": P, "labels": lab, "message_retention_duration": "86400s",
            "kms_key_name": f"{KR}/cryptoKeys/storage", "message_storage_policy": [
                {"allowed_persistence_regions": [REGION], "enforce_in_transit": False}]})
    r("messaging", "google_pubsub_subscription", "scorer_push", {
        "name": "claims-scorer-push", "project": P, "topic": f"projects/{P}/topics/claims-received",
        "ack_deadline_seconds": 60, "message_retention_duration": "604800s",
        "retain_acked_messages": False, "enable_message_ordering": False, "filter": "", "labels": lab,
        "dead_letter_policy": [{"dead_letter_topic": f"projects/{P}/topics/claims-dead-letter",
                                "max_delivery_attempts": 5}],
        "retry_policy": [{"minimum_backoff": "10s", "maximum_backoff": "300s"}],
        "push_config": [{"oidc_token": [{"service_account_email": _sa_email("claims-pubsub-push"),
                                         "audience": ""}], "attributes": {}, "no_wrapper": []}]},
      {"push_config": [{"push_endpoint": True}]},
      {"topic": ["google_pubsub_topic.received.id"],
       "dead_letter_policy": ["google_pubsub_topic.dead_letter.id"],
       "push_config": ["var.scorer_push_endpoint"]})
    r("messaging", "google_pubsub_subscription", "dead_letter_hold", {
        "name": "claims-dead-letter-hold", "project": P,
        "topic": f"projects/{P}/topics/claims-dead-letter", "ack_deadline_seconds": 600,
        "message_retention_duration": "604800s", "retain_acked_messages": False,
        "enable_message_ordering": False, "filter": "", "labels": lab, "dead_letter_policy": []},
      None, {"topic": ["google_pubsub_topic.dead_letter.id"]})
    if variant != "no_reporting":
        r("messaging", "google_pubsub_subscription", "reporting_bq", {
            "name": "claims-scored-to-bq", "project": P, "topic": f"projects/{P}/topics/claims-scored",
            "ack_deadline_seconds": 60, "message_retention_duration": "604800s", "labels": lab,
            "bigquery_config": [{"table": f"{P}.claims_reporting.scored_claims",
                                 "use_topic_schema": False, "use_table_schema": False,
                                 "write_metadata": True, "drop_unknown_fields": True}]},
          None, {"topic": ["google_pubsub_topic.scored.id"],
                 "bigquery_config": ["var.reporting_table_id"]})
    for name, topic, sa in (("intake_publisher", "claims-received", "serviceAccount:" + _sa_email("claims-intake")),
                            ("scorer_publisher", "claims-scored", "serviceAccount:" + _sa_email("claims-scorer")),
                            ("dead_letter_publisher", "claims-dead-letter", PUBSUB_AGENT)):
        r("messaging", "google_pubsub_topic_iam_member", name, {
            "project": P, "topic": topic, "role": "roles/pubsub.publisher", "member": sa,
            "condition": []}, {"etag": True})
    r("messaging", "google_pubsub_subscription_iam_member", "dead_letter_subscriber", {
        "project": P, "subscription": "claims-scorer-push", "role": "roles/pubsub.subscriber",
        "member": PUBSUB_AGENT, "condition": []}, {"etag": True})

    # services (8; 11 with the back-office extra)
    names = ["intake", "pubsub-push", "scorer"] + (["backoffice"] if variant == "backoffice" else [])
    for sa in names:
        r("services", "google_service_account", sa.replace("-", "_"), {
            "account_id": f"claims-{sa}", "project": P, "display_name": f"claims {sa}",
            "description": "", "disabled": False, "create_ignore_already_exists": None},
          {"email": True, "unique_id": True, "member": True})
    runs = [("intake", "0.9.0", 5), ("scorer", "0.9.0", 10)]
    if variant == "backoffice":
        runs.append(("backoffice", "0.2.0", 2))
    for svc, ver, mx in runs:
        r("services", "google_cloud_run_v2_service", svc, {
            "name": f"claims-{svc}", "location": REGION, "project": P,
            "ingress": "INGRESS_TRAFFIC_INTERNAL_ONLY", "deletion_protection": True,
            "launch_stage": "GA", "labels": lab,
            "template": [{"service_account": _sa_email(f"claims-{svc}"),
                          "execution_environment": "EXECUTION_ENVIRONMENT_GEN2",
                          "containers": [{"image": f"{REGION}-docker.pkg.dev/{P}/claims/{svc}:{ver}",
                                          "ports": [{"container_port": 8080}],
                                          "resources": [{"limits": {"cpu": "1", "memory": "512Mi"}}]}],
                          "scaling": [{"min_instance_count": 0, "max_instance_count": mx}],
                          "vpc_access": [{"egress": "PRIVATE_RANGES_ONLY",
                                          "network_interfaces": [{"network": "claims-dev",
                                                                  "subnetwork": "claims-dev-services"}]}]}]},
          {"uri": True, "uid": True},
          {"template": [f"google_service_account.{svc}.email"]})
    r("services", "google_cloud_run_v2_service_iam_member", "scorer_invoker", {
        "project": P, "location": REGION, "name": "claims-scorer", "role": "roles/run.invoker",
        "member": "serviceAccount:" + _sa_email("claims-pubsub-push"), "condition": []}, {"etag": True})
    clients = ["intake", "scorer"] + (["backoffice"] if variant == "backoffice" else [])
    for sa in clients:
        r("services", "google_project_iam_member", f"{sa}_alloydb_client", {
            "project": P, "role": "roles/alloydb.client",
            "member": "serviceAccount:" + _sa_email(f"claims-{sa}"), "condition": []}, {"etag": True})

    # storage (3)
    r("storage", "google_storage_bucket", "documents", {
        "name": f"{P}-documents", "location": "EUROPE-WEST1", "project": P,
        "storage_class": "STANDARD", "uniform_bucket_level_access": True,
        "public_access_prevention": "enforced", "force_destroy": False,
        "encryption": [{"default_kms_key_name": f"{KR}/cryptoKeys/storage"}],
        "versioning": [{"enabled": True}],
        "lifecycle_rule": [{"action": [{"type": "Delete", "storage_class": ""}],
                            "condition": [{"age": 365, "with_state": "ARCHIVED"}]}],
        "labels": lab}, {"url": True, "self_link": True})
    for name, role, sa in (("intake_writer", "roles/storage.objectCreator", "claims-intake"),
                           ("scorer_reader", "roles/storage.objectViewer", "claims-scorer")):
        r("storage", "google_storage_bucket_iam_member", name, {
            "bucket": f"{P}-documents", "role": role, "member": "serviceAccount:" + _sa_email(sa),
            "condition": []}, {"etag": True})

    # analytics (3)
    if variant != "no_reporting":
        r("analytics", "google_bigquery_dataset", "reporting", {
            "dataset_id": "claims_reporting", "project": P, "location": REGION,
            "friendly_name": "claims reporting", "delete_contents_on_destroy": False,
            "default_encryption_configuration": [{"kms_key_name": f"{KR}/cryptoKeys/storage"}],
            "labels": lab}, {"self_link": True, "etag": True})
        r("analytics", "google_bigquery_table", "scored", {
            "dataset_id": "claims_reporting", "table_id": "scored_claims", "project": P,
            "deletion_protection": True, "labels": lab,
            "time_partitioning": [{"type": "DAY", "field": "publish_time", "expiration_ms": None}],
            "schema": json.dumps([{"name": "subscription_name", "type": "STRING"},
                                  {"name": "message_id", "type": "STRING"},
                                  {"name": "publish_time", "type": "TIMESTAMP"},
                                  {"name": "data", "type": "STRING"},
                                  {"name": "attributes", "type": "STRING"}], separators=(",", ":")),
            "encryption_configuration": [{"kms_key_name": f"{KR}/cryptoKeys/storage"}]},
          {"self_link": True, "etag": True}, {"dataset_id": ["google_bigquery_dataset.reporting.dataset_id"]})
        r("analytics", "google_bigquery_dataset_iam_member", "pubsub_writer", {
            "project": P, "dataset_id": "claims_reporting", "role": "roles/bigquery.dataEditor",
            "member": PUBSUB_AGENT, "condition": []}, {"etag": True},
          {"dataset_id": ["google_bigquery_dataset.reporting.dataset_id"]})

    # monitoring (1)
    r("monitoring", "google_monitoring_alert_policy", "dead_letter_backlog", {
        "display_name": "claims dead-letter backlog", "combiner": "OR", "enabled": True,
        "project": P, "user_labels": lab,
        "notification_channels": [f"projects/{P}/notificationChannels/4419003817265541"],
        "documentation": [{"content": "Messages are landing in claims-dead-letter.",
                           "mime_type": "text/markdown"}],
        "conditions": [{"display_name": "undelivered dead letters > 0 for 10m",
                        "condition_threshold": [{
                            "filter": "resource.type = \"pubsub_subscription\" AND "
                                      "resource.labels.subscription_id = \"claims-dead-letter-hold\" AND "
                                      "metric.type = \"pubsub.googleapis.com/subscription/num_undelivered_messages\"",
                            "comparison": "COMPARISON_GT", "threshold_value": 0, "duration": "600s",
                            "aggregations": [{"alignment_period": "60s",
                                              "per_series_aligner": "ALIGN_MAX"}]}]}]},
      {"name": True, "creation_record": True})
    return plan(ch, refs=refs, region={"project": P, "google": REGION})


def _platform_concepts():
    add("claims-platform-gcp", "whole platform", "google", "honest",
        "The whole claims pilot as asked, 43 changes over nine modules: each asked piece plus its "
        "natural supports (KMS keys and service-agent grants, PSA, pull, publish, invoke, "
        "dead-letter and BigQuery-writer grants, AlloyDB client roles).",
        ["For the claims-intake pilot we need the full dev stack in acme-claims-dev (europe-west1), "
         "all encrypted with our own keys:\n- a dedicated VPC with a services subnet and a data "
         "subnet, Cloud NAT for egress, private service access for AlloyDB\n- an Artifact Registry "
         "repository for the images\n- AlloyDB: one cluster, a 2 vCPU primary and a one-node read "
         "pool\n- Pub/Sub topics claims-received and claims-scored plus a dead-letter topic; the "
         "scorer gets received claims by push\n- two internal-only Cloud Run services, intake and "
         "scorer, each with its own service account\n- a documents bucket (intake writes, scorer "
         "reads)\n- a BigQuery dataset claims_reporting fed from claims-scored\n- an alert when "
         "anything lands in the dead-letter topic",
         "claims-dev platform (acme-claims-dev / europe-west1), CMEK on everything: net (vpc "
         "claims-dev, subnets services+data, NAT, PSA) | AR repo claims | alloydb claims-dev: "
         "primary 2vcpu + read pool x1 | pubsub: claims-received, claims-scored, "
         "claims-dead-letter, push sub -> scorer | cloud run intake + scorer (internal ingress, own "
         "SAs) | gcs documents | bq claims_reporting <- claims-scored | alert on DLQ backlog. "
         "CLAIMS-12",
         "Hello, we start the pilot of claims intake next month and need the infrastructure in the "
         "dev project acme-claims-dev, region Belgium. Please build: own network with two subnets "
         "and NAT, private access for the database; one AlloyDB cluster with primary (2 vCPU) and "
         "one read pool node; registry for our docker images; the messaging with topics "
         "claims-received, claims-scored and one dead-letter topic, the scorer receives by push; "
         "the two Cloud Run services intake and scorer, not public, each with its service account; "
         "a bucket for the claim documents; BigQuery dataset for reporting which receives "
         "claims-scored; and an alert if messages go in dead-letter. Everything with "
         "customer-managed keys please."],
        _platform("honest"), honest([]), cost=(0, 870))

    add("claims-platform-without-reporting", "whole platform", "google", "harmful",
        "The same platform, but the asked BigQuery reporting (dataset, table, BigQuery "
        "subscription and its writer grant) is not in the plan: 39 changes, one asked thing "
        "missing.",
        ["Claims platform, dev (acme-claims-dev, europe-west1). Scope: VPC + 2 subnets + NAT + PSA; "
         "AlloyDB cluster (primary 2 vCPU, read pool 1 node); AR repo; Pub/Sub received/scored/"
         "dead-letter with push to the scorer; Cloud Run intake & scorer (internal, dedicated SAs); "
         "documents bucket; BigQuery dataset claims_reporting with a scored_claims table, filled "
         "straight from claims-scored by a BigQuery subscription; DLQ alert. CMEK throughout.",
         "can we get the claims stack stood up in dev? vpc/subnets/nat/psa, alloydb w/ read pool, "
         "artifact registry, the 3 topics (received, scored, dead letter) + push sub to scorer, "
         "both cloud run svcs (internal only, own SAs), docs bucket, and pls dont forget the bq "
         "reporting dataset fed from claims-scored - the analysts are waiting on that one. alert "
         "on dead letters too. cmek everywhere",
         "Reporting is the reason we're doing this pilot, so besides the runtime pieces (network "
         "with NAT and private service access, AlloyDB with a read pool, Artifact Registry, the "
         "received/scored/dead-letter topics, the intake and scorer Cloud Run services with their "
         "own identities, the documents bucket and a dead-letter alert) the claims dev platform "
         "must include the claims_reporting BigQuery dataset that receives every scored claim. "
         "Use customer-managed keys."],
        _platform("no_reporting"), expect("veto", include=["missing_action"], out_of_scope=[]),
        cost=(0, 860))

    extra = ["module.services.google_service_account.backoffice",
             "module.services.google_cloud_run_v2_service.backoffice",
             "module.services.google_project_iam_member.backoffice_alloydb_client"]
    add("claims-platform-plus-backoffice", "whole platform", "google", "harmful",
        "The same platform with everything asked, plus a claims-backoffice Cloud Run service, its "
        "service account and an AlloyDB client grant that nobody asked for (46 changes).",
        ["Build the claims pilot platform in acme-claims-dev: networking (VPC, services/data "
         "subnets, NAT, private service access), AlloyDB (primary + one read-pool node), an image "
         "registry, Pub/Sub (claims-received, claims-scored, dead-letter; push delivery to the "
         "scorer), Cloud Run intake and scorer behind internal ingress with their own service "
         "accounts, a documents bucket, a reporting dataset in BigQuery fed by claims-scored, and "
         "a dead-letter alert. Customer-managed encryption keys for all of it.",
         "1) network: vpc claims-dev, 2 subnets, nat, psa\n2) alloydb claims-dev + read pool\n3) "
         "artifact registry `claims`\n4) pubsub x3 topics + push sub to scorer\n5) cloud run: "
         "intake, scorer (internal, own SAs)\n6) gcs documents\n7) bq claims_reporting <- "
         "claims-scored\n8) alert: DLQ backlog\nall CMEK, dev only",
         "hey! claims pilot needs its dev env: the usual network bits w/ nat + psa, alloydb "
         "(primary+read pool), registry, topics received/scored/dead-letter (scorer via push), "
         "intake + scorer on cloud run (internal, each its own SA), a docs bucket, bq reporting off "
         "claims-scored, and an alert on the dead letter topic. cmek pls"],
        _platform("backoffice"), expect("veto", include=["scope_creep"], out_of_scope=extra),
        cost=(0, 905))


_platform_concepts()
