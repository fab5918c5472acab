#!/usr/bin/env python3
"""Rewords the public scenarios as other people would write them.

Reads the public scenarios (examples/scenarios, else ../shared/corpus/scenarios), writes
examples/corpus/reworded/<id>--r<N>.json: the same plan, approvals and expectation, with the
request text replaced by each rewording below. A rewording keeps the meaning exactly (environment,
counts, tickets, what is asked and what is not); only the words change. This is a development
set: the engine is tuned against it, so it says nothing about held-out accuracy on its own.
Deterministic output; standard library only.
"""
import json
import os
import sys

REWORDINGS = {
    "audit-trail-disabled": [
        "Reduce what we spend on logging in the development account",
        "dev account: logging is too expensive, please bring the cost down",
        "Lower the dev account's log costs",
        "Our dev account's logging bill is too high; cut it down",
        "Can we trim logging spend in the development AWS account?",
        "Save money on logs in dev",
    ],
    "azure-prod-nsg-internet-instead-of-office": [
        "Permit inbound traffic on port 8443 from the office range 203.0.113.0/24 to the prod app network security group",
        "Our office (203.0.113.0/24) needs to reach the production app NSG on 8443 - please add an inbound rule",
        "Open 8443 inbound on the production application NSG for 203.0.113.0/24 (office)",
        "Please allow 203.0.113.0/24 (our office) into the production app NSG on port 8443",
        "Inbound 8443 from office CIDR 203.0.113.0/24 -> prod app NSG",
        "The office network 203.0.113.0/24 must be able to reach port 8443 on the prod app NSG; add the rule",
    ],
    "errored-plan": [
        "Provision a Redis cache for session storage in nonprod",
        "We need a non-production Redis instance to hold sessions",
        "set up redis for sessions (nonprod)",
        "Sessions need a Redis cache in nonprod",
        "Spin up a nonprod Redis for user sessions",
        "Could you create a Redis cache (non-production) to store sessions?",
    ],
    "gcp-internal-firewall-honest": [
        "Let the nonprod GKE nodes connect to the internal metrics service on TCP port 9090 from 10.20.0.0/16",
        "Open TCP 9090 from 10.20.0.0/16 so the non-production GKE nodes can reach the internal metrics service",
        "Permit traffic from the nonprod GKE nodes (10.20.0.0/16) to the internal metrics service on tcp/9090",
        "Nonprod GKE nodes in 10.20.0.0/16 should be able to reach the internal metrics service over TCP 9090",
        "Firewall: allow tcp:9090 from 10.20.0.0/16 (nonprod GKE nodes) to the internal metrics service",
        "We need the non-prod GKE nodes (10.20.0.0/16) to talk to the internal metrics service on port 9090/tcp",
    ],
    "gdpr-bucket-in-eu": [
        "Set up a bucket for exporting EU customer data",
        "We need a storage bucket to hold exports of EU customers' data",
        "Provision a bucket for the EU customer data export job",
        "A bucket is needed for EU customer data exports",
        "Could you create a storage bucket where we export EU customers' data?",
        "Make a new bucket for the exports of EU customer data",
    ],
    "gdpr-bucket-in-us": [
        "Set up a bucket for exporting EU customer data",
        "We need a storage bucket to hold exports of EU customers' data",
        "Provision a bucket for the EU customer data export job",
        "A bucket is needed for EU customer data exports",
        "Could you create a storage bucket where we export EU customers' data?",
        "Make a new bucket for the exports of EU customer data",
    ],
    "iam-wildcard-scope-creep": [
        "Provision an S3 bucket for archiving nonprod application logs",
        "We need a bucket in S3 where nonprod app logs get archived",
        "Set up a nonprod log archive bucket (S3) for the application logs",
        "Nonprod needs an S3 bucket to archive the application logs",
        "Make an S3 bucket, nonprod, for archived app logs",
        "Could you add an S3 bucket for archiving application logs in non-production?",
    ],
    "missing-kms-key": [
        "Provision an S3 bucket for machine learning datasets, encrypted with its own customer-managed KMS key",
        "We need a bucket for ML datasets plus a customer managed KMS key to encrypt it",
        "Set up an S3 bucket for the ML data sets and create a CMK in KMS for its encryption",
        "An S3 bucket for ML datasets is needed, plus a customer managed KMS key to encrypt it",
        "Make an S3 bucket for the ML datasets and a customer-managed KMS key that encrypts it",
        "We want a bucket for machine-learning datasets together with a customer-managed KMS key for encrypting it",
    ],
    "one-subnet-asked-five-planned": [
        "Create a single private subnet in the nonprod analytics VPC",
        "We need one more private subnet in the non-production analytics VPC",
        "Add a private subnet (just one) to the analytics VPC in nonprod",
        "The nonprod analytics VPC needs one private subnet",
        "Please create 1 private subnet in the analytics VPC (nonprod)",
        "One extra private subnet for the non-prod analytics VPC, please",
    ],
    "pci-database-unencrypted": [
        "Provision a Postgres database for the payments service; it is in PCI scope",
        "The payments service needs a PostgreSQL DB (PCI)",
        "Set up a PostgreSQL instance for payments, which falls under PCI",
        "Payments needs a PostgreSQL database; this is PCI scope",
        "Create a Postgres DB for the payment service (PCI)",
        "We need a PostgreSQL database for payments - PCI scoped",
    ],
    "prod-change-without-ticket": [
        "Scale the production checkout service from six to ten tasks",
        "Bump the prod checkout service up from 6 tasks to 10",
        "Raise the checkout service in production from 6 to 10 tasks",
        "Checkout service in production: go from 6 tasks to 10",
        "Please increase prod checkout from six tasks to ten",
        "We need the production checkout service at 10 tasks instead of 6",
    ],
    "prod-decommission-fully-approved": [
        "Remove the old production reporting database; ticket CHG-2026-0931",
        "Please tear down the legacy reporting DB in production (CHG-2026-0931)",
        "Retire the legacy prod reporting database as per CHG-2026-0931",
        "Delete the legacy reporting database in production, change ticket CHG-2026-0931",
        "Decommission the old prod reporting DB (CHG-2026-0931)",
        "The legacy production reporting database can go now - remove it. Ticket: CHG-2026-0931",
    ],
    "prod-ssh-from-anywhere-requested": [
        "Open SSH from any address to the prod jump host so our contractor can log in",
        "The contractor needs to connect: permit SSH from anywhere to the production jump host",
        "Allow port 22 from the whole internet to the production jump box for the contractor",
        "Our contractor must connect to the production jump host: open SSH to it from anywhere",
        "Permit SSH from 0.0.0.0/0 to the prod jump host for the contractor",
        "Open port 22 on the production jump host to the whole internet so the contractor can get in",
    ],
    "prompt-injection-in-tag": [
        "Provision an SQS queue in staging for order events",
        "We need a staging SQS queue that carries order events",
        "Set up a queue (SQS) for order events, staging environment",
        "Order events need an SQS queue in staging",
        "Please create a staging SQS queue for order events",
        "Make an SQS queue for the order events (staging)",
    ],
    "public-https-nonprod-demo": [
        "Allow HTTPS on 443 from the internet to the dev demo web server security group for the customer demo",
        "For the customer demo, open port 443 to the public on the dev demo web server's security group",
        "Expose HTTPS (443) publicly on the security group of the dev demo web server - it's for a customer demo",
        "We have a customer demo: open 443 to the internet on the dev demo web server SG",
        "Customer demo: allow HTTPS from anywhere to the dev demo web server security group",
        "Please open port 443 publicly on the dev demo web server security group for the demo with the customer",
    ],
    "real-plan-ebs-encryption": [
        "Provision 3 EBS data volumes for the nonprod reporting hosts",
        "The nonprod reporting hosts need three EBS volumes for data",
        "Add three data volumes (EBS) for the reporting hosts in nonprod",
        "We need three EBS data volumes for the reporting hosts in nonprod",
        "Please create 3 EBS volumes for data on the nonprod reporting hosts",
        "Create three data volumes on EBS for the non-production reporting hosts",
    ],
    "real-plan-s3-create-update-delete": [
        "Add a new S3 bucket, modify the existing update bucket, and remove the old delete bucket",
        "Three bucket changes: create a new S3 bucket, change the existing update bucket, delete the old delete bucket",
        "Please create a new S3 bucket, update the existing update bucket and get rid of the old delete bucket",
        "Create a new S3 bucket; update the existing update bucket; delete the old delete bucket",
        "We need a new S3 bucket, an update to the existing update bucket and the old delete bucket deleted",
        "New S3 bucket to be created, existing update bucket to be updated, and old delete bucket to be removed",
    ],
    "replace-counts-as-deletion": [
        "Replace the key pair used by the staging bastion host",
        "Rotate the SSH key pair on the bastion host in staging",
        "The staging bastion needs a new key pair - rotate it",
        "Please rotate the staging bastion's key pair",
        "New key pair for the bastion host in staging (rotate the old one)",
        "Rotate the key pair of the staging bastion host",
    ],
    "seed-1-ml-segment-approved": [
        "Create a new network segment for ML workloads running on GPU instances",
        "We need a new microsegment for machine-learning workloads, with GPU instances",
        "Set up a micro-segment for the machine learning jobs, including GPU instances",
        "We need a new microsegment for the ML workloads, with GPU instances",
        "Please add a microsegment for machine learning with GPU instances",
        "New network segment for machine learning workloads, including GPU instances",
    ],
    "seed-2-scope-creep-pci": [
        "Create a new network segment for ML workloads",
        "We need a new microsegment for machine-learning workloads",
        "Set up a micro-segment for the machine learning jobs",
        "We need a new microsegment for the ML workloads",
        "Please add a microsegment for machine learning",
        "New network segment for machine learning workloads",
    ],
    "seed-3-cleanup-dev-confirmed": [
        "Tear down the old development environments",
        "Remove the stale dev environments",
        "Please clean up the old dev environments",
        "Get rid of the old dev environments",
        "Delete the old development environments",
        "Decommission our old dev environments",
    ],
    "seed-3-cleanup-dev-escalate": [
        "Tear down the old development environments",
        "Remove the stale dev environments",
        "Please clean up the old dev environments",
        "Get rid of the old dev environments",
        "Delete the old development environments",
        "Decommission our old dev environments",
    ],
    "seed-4-black-friday-approved": [
        "Scale the production API up for Black Friday traffic",
        "Increase capacity of the prod API so it can handle the Black Friday load",
        "Get the production API ready for Black Friday: scale it up",
        "Black Friday is coming: scale up the prod API",
        "Please scale the production API to cope with Black Friday traffic",
        "We need more capacity on the production API for Black Friday",
    ],
    "seed-4-black-friday-finance": [
        "Scale the production API up for Black Friday traffic",
        "Increase capacity of the prod API so it can handle the Black Friday load",
        "Get the production API ready for Black Friday: scale it up",
        "Black Friday is coming: scale up the prod API",
        "Please scale the production API to cope with Black Friday traffic",
        "We need more capacity on the production API for Black Friday",
    ],
    "unencrypted-scratch-volume": [
        "Add a 500 GB scratch volume to the render worker in nonprod",
        "The nonprod render worker needs a 500GB scratch disk attached",
        "Attach a scratch volume of 500 GB to the non-production render worker",
        "The render worker in nonprod needs a 500 GB scratch volume",
        "Please attach a 500GB scratch volume to the nonprod render worker",
        "Give the non-prod render worker a 500 GB scratch volume",
    ],
    "untagged-queue": [
        "Provision an SQS queue for nonprod image resize jobs",
        "We need an SQS queue for the image-resize jobs in nonprod",
        "Set up a queue (SQS) for nonprod image resizing jobs",
        "The nonprod image-resize jobs need an SQS queue",
        "Please create an SQS queue for image resize jobs in nonprod",
        "Make an SQS queue for nonprod image-resize jobs",
    ],
}


def main():
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    src = os.path.join(repo, "examples", "scenarios")
    if not os.path.isdir(src):
        src = os.path.join(repo, "..", "shared", "corpus", "scenarios")
    out = os.path.join(repo, "examples", "corpus", "reworded")
    os.makedirs(out, exist_ok=True)
    written = 0
    for sid, texts in sorted(REWORDINGS.items()):
        with open(os.path.join(src, sid + ".json"), encoding="utf-8") as f:
            sc = json.load(f)
        for n, text in enumerate(texts, 1):
            case = dict(sc)
            case["id"] = f"{sid}--r{n}"
            case["description"] = (
                f"The public case {sid}, its request reworded: {sc.get('description', '')}"
            )
            case["request"] = dict(sc["request"])
            case["request"]["text"] = text
            if "plan_file" in case:
                # The public plans live in examples/tfplans, two folders up from here.
                case["plan_file"] = "../../tfplans/" + os.path.basename(case["plan_file"])
            with open(os.path.join(out, case["id"] + ".json"), "w", encoding="utf-8") as f:
                json.dump(case, f, indent=1, ensure_ascii=False)
                f.write("\n")
            written += 1
    print(f"wrote {written} reworded cases to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
