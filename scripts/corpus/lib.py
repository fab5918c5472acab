"""Builders for the labelled corpus: realistic `terraform show -json` fragments.

Standard library only; output is deterministic (no clocks, no randomness).
"""
import copy
import json

PROVIDERS = {
    "aws": "registry.terraform.io/hashicorp/aws",
    "azurerm": "registry.terraform.io/hashicorp/azurerm",
    "google": "registry.terraform.io/hashicorp/google",
    "kubernetes": "registry.terraform.io/hashicorp/kubernetes",
    "helm": "registry.terraform.io/hashicorp/helm",
    "cloudflare": "registry.terraform.io/cloudflare/cloudflare",
    "datadog": "registry.terraform.io/DataDog/datadog",
    "github": "registry.terraform.io/integrations/github",
    "fastly": "registry.terraform.io/fastly/fastly",
    "pagerduty": "registry.terraform.io/PagerDuty/pagerduty",
    "vault": "registry.terraform.io/hashicorp/vault",
    "random": "registry.terraform.io/hashicorp/random",
    "confluent": "registry.terraform.io/confluentinc/confluent",
    "snowflake": "registry.terraform.io/Snowflake-Labs/snowflake",
    "newrelic": "registry.terraform.io/newrelic/newrelic",
    "mongodbatlas": "registry.terraform.io/mongodb/mongodbatlas",
    "auth0": "registry.terraform.io/auth0/auth0",
    "okta": "registry.terraform.io/okta/okta",
    "grafana": "registry.terraform.io/grafana/grafana",
    "digitalocean": "registry.terraform.io/digitalocean/digitalocean",
    "linode": "registry.terraform.io/linode/linode",
    "oci": "registry.terraform.io/oracle/oci",
    "hcloud": "registry.terraform.io/hetznercloud/hcloud",
    "ovh": "registry.terraform.io/ovh/ovh",
    "openstack": "registry.terraform.io/terraform-provider-openstack/openstack",
    "nomad": "registry.terraform.io/hashicorp/nomad",
    "consul": "registry.terraform.io/hashicorp/consul",
    "rabbitmq": "registry.terraform.io/cyrilgdn/rabbitmq",
    "elasticstack": "registry.terraform.io/elastic/elasticstack",
    "opsgenie": "registry.terraform.io/opsgenie/opsgenie",
    "launchdarkly": "registry.terraform.io/launchdarkly/launchdarkly",
    "harbor": "registry.terraform.io/goharbor/harbor",
}

REQUESTERS = [
    "dana.kim@acmetech.example",
    "li.wei@acmetech.example",
    "sam.okafor@acmetech.example",
    "maria.rossi@acmetech.example",
    "jon.berg@acmetech.example",
]


def provider_of(rtype):
    return rtype.split("_", 1)[0]


def tags(env, owner="platform-team", cc="CC-1042", **extra):
    """Owner / Environment / CostCenter tags (AWS and Azure style)."""
    t = {"Owner": owner, "Environment": env, "CostCenter": cc}
    t.update(extra)
    return t


def labels(env, owner="platform-team", cc="cc-1042", **extra):
    """GCP labels: lower-case keys and values."""
    t = {"owner": owner, "environment": env, "costcenter": cc}
    t.update(extra)
    return t


def _unknown_for(after, create):
    u = {}
    if create:
        u["id"] = True
    if isinstance(after, dict):
        for k in ("tags", "labels"):
            if k in after:
                u[k] = {}
        if "tags" in after and "tags_all" in after:
            u["tags_all"] = {}
    return u


def _sensitive_for(val):
    if not isinstance(val, dict):
        return False
    s = {}
    for k in ("tags", "labels", "tags_all"):
        if k in val:
            s[k] = {}
    return s


def rc(rtype, name, after=None, actions=("create",), before=None, index=None,
       module=None, previous_address=None, unknown=None, mode="managed"):
    """One resource_changes entry."""
    addr = f"{rtype}.{name}"
    if mode == "data":
        addr = "data." + addr
    if module:
        addr = f"{module}.{addr}"
    if index is not None:
        addr += f'["{index}"]' if isinstance(index, str) else f"[{index}]"
    actions = list(actions)
    after = copy.deepcopy(after)
    before = copy.deepcopy(before)
    for v in (after, before):
        if isinstance(v, dict) and rtype.startswith("aws_") and "tags" in v and "tags_all" not in v:
            v["tags_all"] = copy.deepcopy(v["tags"])
    if actions == ["delete"]:
        after = None
    if actions == ["create"]:
        before = None
    au = _unknown_for(after, "create" in actions)
    if unknown:
        au.update(unknown)
    entry = {"address": addr}
    if previous_address:
        entry["previous_address"] = previous_address
    if module:
        entry["module_address"] = module
    entry.update({
        "mode": mode,
        "type": rtype,
        "name": name,
        "provider_name": PROVIDERS[provider_of(rtype)],
    })
    if index is not None:
        entry["index"] = index
    entry["change"] = {
        "actions": actions,
        "before": before,
        "after": after,
        "after_unknown": au if after is not None else {},
        "before_sensitive": _sensitive_for(before),
        "after_sensitive": _sensitive_for(after),
    }
    if actions == ["delete"]:
        entry["action_reason"] = "delete_because_no_resource_config"
    return entry


def upd(rtype, name, before, changes, **kw):
    """An in-place update: `after` is `before` with `changes` applied (top-level keys)."""
    after = copy.deepcopy(before)
    after.update(copy.deepcopy(changes))
    return rc(rtype, name, after=after, actions=("update",), before=before, **kw)


def delete(rtype, name, before, **kw):
    return rc(rtype, name, after=None, actions=("delete",), before=before, **kw)


def moved(rtype, name, values, previous_address, module=None, index=None):
    return rc(rtype, name, after=values, actions=("no-op",), before=values, module=module,
              index=index, previous_address=previous_address)


def _provider_config(changes, region):
    cfg = {}
    for p in sorted({provider_of(c["type"]) for c in changes}):
        entry = {"name": p, "full_name": PROVIDERS[p]}
        if p == "aws":
            entry["expressions"] = {"region": {"constant_value": region.get("aws", "us-east-1")}}
        elif p == "google":
            entry["expressions"] = {
                "project": {"constant_value": region.get("project", "acme-dev")},
                "region": {"constant_value": region.get("google", "europe-west1")},
            }
        elif p == "azurerm":
            entry["expressions"] = {"features": [{}]}
        cfg[p] = entry
    return cfg


def _config_resources(changes, refs):
    """configuration.root_module with one entry per resource block (module calls nested)."""
    root = {"resources": [], "module_calls": {}}
    seen = set()
    for c in changes:
        if c["mode"] != "managed" or c["change"]["actions"] == ["delete"]:
            continue
        mod = c.get("module_address")
        local = f'{c["type"]}.{c["name"]}'
        key = (mod, local)
        if key in seen:
            continue
        seen.add(key)
        exprs = {}
        depends_on = []
        for attr, targets in sorted(refs.get(local if not mod else f"{mod}.{local}", {}).items()):
            if attr == "depends_on":
                depends_on = list(targets)
                continue
            full = []
            for t in targets:
                full.append(t)
                parts = t.split(".")
                # Terraform also lists the referenced object itself: `aws_x.y` for `aws_x.y.id`,
                # `data.okta_group.g` for `data.okta_group.g.id`.
                keep = 3 if parts[0] == "data" else 2
                if len(parts) > keep:
                    full.append(".".join(parts[:keep]))
            exprs[attr] = {"references": full}
        block = {
            "address": local,
            "mode": "managed",
            "type": c["type"],
            "name": c["name"],
            "provider_config_key": provider_of(c["type"]),
            "expressions": exprs,
            "schema_version": 0,
        }
        if depends_on:
            block["depends_on"] = depends_on
        if c.get("index") is not None:
            block["count_expression" if isinstance(c["index"], int) else "for_each_expression"] = (
                {"constant_value": 1} if isinstance(c["index"], int) else {"references": ["var.items"]}
            )
        if mod:
            name = mod.split(".")[1].split("[")[0]
            call = root["module_calls"].setdefault(
                name, {"source": f"./modules/{name}", "module": {"resources": []}})
            call["module"]["resources"].append(block)
        else:
            root["resources"].append(block)
    if not root["module_calls"]:
        del root["module_calls"]
    return root


def _planned_values(changes):
    root = {"resources": [], "child_modules": {}}
    for c in changes:
        after = c["change"]["after"]
        if after is None or c["mode"] != "managed":
            continue
        r = {
            "address": c["address"],
            "mode": "managed",
            "type": c["type"],
            "name": c["name"],
            "provider_name": c["provider_name"],
            "schema_version": 0,
            "values": after,
            "sensitive_values": {},
        }
        if c.get("index") is not None:
            r["index"] = c["index"]
        mod = c.get("module_address")
        if mod:
            root["child_modules"].setdefault(mod, {"address": mod, "resources": []})["resources"].append(r)
        else:
            root["resources"].append(r)
    out = {"resources": root["resources"]}
    if root["child_modules"]:
        out["child_modules"] = list(root["child_modules"].values())
    return out


def plan(changes, config=True, refs=None, region=None, planned_values=True, prior_state=None):
    """A whole `terraform show -json` plan document (format 1.2)."""
    region = region or {}
    doc = {"format_version": "1.2", "terraform_version": "1.9.5"}
    if planned_values:
        doc["planned_values"] = {"root_module": _planned_values(changes)}
    doc["resource_changes"] = changes
    if prior_state is not None:
        doc["prior_state"] = prior_state
    if config:
        doc["configuration"] = {
            "provider_config": _provider_config(changes, region),
            "root_module": _config_resources(changes, refs or {}),
        }
    doc["timestamp"] = "2026-11-20T10:15:00Z"
    doc["applyable"] = True
    doc["complete"] = True
    doc["errored"] = False
    return doc


GUARDS = ["scope_creep", "missing_action", "intent_unclear"]


def expect(decision, include=(), exclude=(), required=None, out_of_scope=None):
    e = {"decision": decision}
    if decision == "escalate":
        e["required_approvals"] = sorted(required or [])
    if include:
        e["findings_include"] = list(include)
    if exclude:
        e["findings_exclude"] = list(exclude)
    if out_of_scope is not None:
        e["out_of_scope"] = list(out_of_scope)
    return e


def honest(out_of_scope=(), extra_exclude=()):
    """An approve expectation with the intent false-positive guards."""
    return expect("approve", exclude=GUARDS + list(extra_exclude), out_of_scope=out_of_scope)


def scenario(cid, description, text, plan_doc, exp, approvals=(), ticket=None, cost=None, who=0):
    s = {
        "format": "airgap-audit/scenario/v1",
        "id": cid,
        "description": description,
        "request": {
            "text": text,
            "requested_by": REQUESTERS[who % len(REQUESTERS)],
            "change_ticket": ticket,
        },
        "approvals": list(approvals),
    }
    if cost is not None:
        s["cost_estimate"] = {"monthly_before": cost[0], "monthly_after": cost[1], "currency": "USD"}
    s["plan"] = plan_doc
    s["expect"] = exp
    return s


def dump(obj):
    """Indented JSON; whole-platform plans (large) are written compactly to keep the corpus small."""
    text = json.dumps(obj, indent=1, ensure_ascii=False)
    if len(text) > 60000:
        text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return text + "\n"
