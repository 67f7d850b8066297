// Delivery: CodeBuild projects and the buckets pipelines use.
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    asArray,
    CREDENTIAL_NAME,
    dependsOn,
    describe,
    forStack,
    forTypes,
    isLiteralCredential,
    MANDATORY,
    ofType,
    Props,
    T,
    tagsOf,
} from "./util";

export const codebuildNoPlaintextCredentials: ResourceValidationPolicy = {
    name: "codebuild-no-plaintext-credentials",
    description: describe(
        "CodeBuild projects keep no credential-like environment variable (PASSWORD, SECRET, TOKEN, API_KEY, " +
            "PRIVATE_KEY, CREDENTIAL, ACCESS_KEY in the name) as a PLAINTEXT value",
        "Security Hub CodeBuild.2",
    ),
    enforcementLevel: MANDATORY,
    validateResource: forTypes([T.codebuildProject], (props, args, report) => {
        for (const v of asArray<Props>(props.environment?.environmentVariables)) {
            const type = v?.type ?? "PLAINTEXT";
            if (type === "PLAINTEXT" && typeof v?.name === "string" && CREDENTIAL_NAME.test(v.name) && isLiteralCredential(v.value)) {
                // Never echo the value: it is the secret.
                report(
                    `environment variable ${v.name} is PLAINTEXT; store it in Secrets Manager or Parameter Store ` +
                        `and set type "SECRETS_MANAGER" or "PARAMETER_STORE" with the secret's name as value`,
                );
            }
        }
    }),
};

export const IMAGE_BUILDER_TAG = "berth:builds-images";

export const codebuildPrivilegedOnlyImageBuilders: ResourceValidationPolicy = {
    name: "codebuild-privileged-only-image-builders",
    description: describe(
        `CodeBuild projects run in privileged mode only when tagged ${IMAGE_BUILDER_TAG}=true (Docker builds need it; ` +
            "the retired Security Hub CodeBuild.5 forbade it outright)",
        "berth org rule: image builders",
    ),
    enforcementLevel: MANDATORY,
    validateResource: forTypes([T.codebuildProject], (props, args, report) => {
        if (props.environment?.privilegedMode === true && tagsOf(props)[IMAGE_BUILDER_TAG] !== "true") {
            report(
                `environment.privilegedMode is true but the project is not tagged ${IMAGE_BUILDER_TAG}=true; ` +
                    `turn privileged mode off, or tag the project if it builds container images`,
            );
        }
    }),
};

const BUCKET_TYPES = [T.bucketV2, T.bucket];
const BLOCK_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

export const bucketPublicAccessBlock: StackValidationPolicy = {
    name: "s3-bucket-public-access-block",
    description: describe(
        "Every S3 bucket has an aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock with all four flags true",
        "Security Hub S3.8",
    ),
    enforcementLevel: MANDATORY,
    validateStack: forStack((args, report) => {
        const blocks = ofType(args.resources, T.bucketPublicAccessBlock);
        for (const bucket of ofType(args.resources, BUCKET_TYPES)) {
            const own: PolicyResource[] = blocks.filter(b => dependsOn(b, bucket, "bucket"));
            if (own.length === 0) {
                report(
                    `bucket "${bucket.name}" has no public access block; add an ` +
                        `aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock with ${BLOCK_FLAGS.join(", ")} set to true`,
                    bucket.urn,
                );
                continue;
            }
            for (const block of own) {
                const off = BLOCK_FLAGS.filter(f => block.props[f] !== true);
                if (off.length > 0) {
                    report(
                        `public access block "${block.name}" of bucket "${bucket.name}" leaves ${off.join(", ")} off; ` +
                            `set them to true`,
                        block.urn,
                    );
                }
            }
        }
    }),
};

/** Condition keys that pin a wildcard principal to named accounts, organisations, networks or sources. */
const PINNING_KEYS = ["aws:sourcearn", "aws:sourceaccount", "aws:sourceowner", "aws:sourcevpc", "aws:sourcevpce",
    "aws:principalorgid", "aws:principalaccount", "aws:principalarn", "aws:userid"];
const PUBLIC_ACLS = ["public-read", "public-read-write", "authenticated-read"];

function wildcardPrincipal(principal: unknown): boolean {
    if (principal === "*") {
        return true;
    }
    const aws = (principal as Props | undefined)?.AWS;
    return aws === "*" || asArray<string>(aws).includes("*");
}

function pinned(condition: unknown): boolean {
    return Object.values((condition ?? {}) as Record<string, Record<string, unknown>>)
        .some(byKey => Object.keys(byKey ?? {}).some(k => PINNING_KEYS.includes(k.toLowerCase())));
}

export const bucketNoPublicPolicy: ResourceValidationPolicy = {
    name: "s3-bucket-no-public-policy",
    description: describe(
        "No bucket policy allows a wildcard principal (\"*\") unless a condition pins it to named accounts, " +
            "organisations, VPCs or sources; no bucket ACL grants public-read, public-read-write or authenticated-read",
        "Security Hub S3.2",
    ),
    enforcementLevel: MANDATORY,
    validateResource: forTypes([T.bucketPolicy, T.bucketAclV2, T.bucket], (props, args, report) => {
        if (args.type !== T.bucketPolicy) {
            if (typeof props.acl === "string" && PUBLIC_ACLS.includes(props.acl)) {
                report(`acl is "${props.acl}", which makes the bucket public; remove the ACL (berth's buckets enforce bucket-owner ownership)`);
            }
            return;
        }
        if (typeof props.policy !== "string") {
            return; // not known yet (preview): checked when it is
        }
        let doc: Props;
        try {
            doc = JSON.parse(props.policy);
        } catch {
            return;
        }
        asArray<Props>(doc?.Statement).forEach((st, i) => {
            if (st?.Effect === "Allow" && wildcardPrincipal(st.Principal) && !pinned(st.Condition)) {
                report(
                    `statement ${st.Sid ? `"${st.Sid}"` : `#${i + 1}`} allows ${asArray<string>(st.Action).join(", ") || "actions"} ` +
                        `to every principal ("*"), which makes the bucket public; name the principals (accounts, roles, ` +
                        `services), or pin them with a condition on ${PINNING_KEYS.slice(0, 3).join(", ")}`,
                );
            }
        });
    }),
};

export const deliveryPolicies = [codebuildNoPlaintextCredentials, codebuildPrivilegedOnlyImageBuilders, bucketPublicAccessBlock,
    bucketNoPublicPolicy];
