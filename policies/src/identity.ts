// Identity: IAM policies and roles, KMS keys.
import { PolicyResource, ReportViolation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    allowStatements,
    asArray,
    dependsOn,
    describe,
    forStack,
    forTypes,
    MANDATORY,
    ofType,
    parseJson,
    Props,
    schema,
    settings,
    show,
    Statement,
    T,
    tagsOf,
} from "./util";

/** Inputs that hold a JSON policy document, by resource type. */
const POLICY_DOCUMENT_TYPES = [T.rolePolicy, T.iamPolicy, T.userPolicy, T.groupPolicy];

/** Parses a policy document input; reports unparseable ones. Reading it throws while it is unknown. */
function statementsOf(document: unknown, where: string, report: ReportViolation): Statement[] {
    if (document === undefined || document === null) {
        return [];
    }
    const parsed = parseJson(document);
    if (!parsed.ok) {
        report(`${where} is not valid JSON (${parsed.error}); fix the policy document`);
        return [];
    }
    return allowStatements(parsed.value);
}

/** Documents of a resource: `policy` of a policy resource, or a role's inline policies. */
function documentsOf(type: string, props: Props): { where: string; document: unknown }[] {
    if (type === T.role) {
        return asArray<Props>(props.inlinePolicies).map((p, i) => ({
            where: `inlinePolicies[${i}]${typeof p?.name === "string" ? ` "${p.name}"` : ""}`,
            document: p?.policy,
        }));
    }
    return [{ where: "policy", document: props.policy }];
}

const isAnyAction = (a: string) => a === "*" || a === "*:*";

export const noAdminStatements: ResourceValidationPolicy = {
    name: "iam-no-admin-statements",
    description: describe(
        "No IAM policy statement allows Action \"*\" on Resource \"*\" (full administrative privileges)",
        "Security Hub IAM.1",
    ),
    enforcementLevel: MANDATORY,
    validateResource: forTypes([...POLICY_DOCUMENT_TYPES, T.role], (props, args, report) => {
        for (const { where, document } of documentsOf(args.type, props)) {
            for (const s of statementsOf(document, where, report)) {
                if (s.actions.some(isAnyAction) && s.resources.includes("*")) {
                    report(
                        `${where} statement ${s.label} allows Action "*" on Resource "*"; ` +
                            `grant the specific actions on the specific resources the role needs`,
                    );
                }
            }
        }
    }),
};

interface WildcardConfig {
    /** Values of the berth:role tag whose policies must not use service-wide wildcards. */
    roles: string[];
}

const SERVICE_WILDCARD = /^([a-z0-9-]+:)?\*$/i;

const wildcardSchema = schema({
    roles: { type: "array", items: { type: "string" }, default: ["task"] },
});

export const taskRoleNoServiceWildcards: StackValidationPolicy = {
    name: "iam-task-role-no-service-wildcards",
    description: describe(
        "Policies of task roles (tag berth:role in `roles`) name actions, never a whole service (s3:*, ecr:*, *)",
        "Security Hub IAM.21",
    ),
    enforcementLevel: MANDATORY,
    configSchema: wildcardSchema,
    validateStack: forStack((args, report) => {
        const config = settings<WildcardConfig>(args, wildcardSchema);
        const roles = ofType(args.resources, T.role).filter(r => config.roles.includes(tagsOf(r.props)["berth:role"]));
        const rolePolicies = ofType(args.resources, T.rolePolicy);
        for (const role of roles) {
            const label = `${tagsOf(role.props)["berth:role"]} role "${role.name}"`;
            const check = (owner: PolicyResource, where: string, document: unknown) => {
                const sink: ReportViolation = message => report(message, owner.urn);
                for (const s of statementsOf(document, where, sink)) {
                    const wildcards = s.actions.filter(a => SERVICE_WILDCARD.test(a));
                    if (wildcards.length > 0) {
                        report(
                            `${where} on ${label} allows service-wide ${wildcards.join(", ")} in statement ${s.label}; ` +
                                `list the actions the service needs (for example s3:GetObject)`,
                            owner.urn,
                        );
                    }
                }
            };
            for (const { where, document } of documentsOf(T.role, role.props)) {
                check(role, where, document);
            }
            for (const rp of rolePolicies.filter(p => dependsOn(p, role, "role"))) {
                check(rp, `role policy "${rp.name}"`, rp.props.policy);
            }
        }
    }),
};

const ADMIN_MANAGED_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/;

export const noAdminPolicyAttachment: ResourceValidationPolicy = {
    name: "iam-no-admin-policy-attachment",
    description: describe(
        "No role, user or group gets the AWS managed AdministratorAccess, PowerUserAccess or IAMFullAccess policy",
        "Security Hub IAM.1",
    ),
    enforcementLevel: MANDATORY,
    validateResource: forTypes(
        [T.rolePolicyAttachment, T.userPolicyAttachment, T.groupPolicyAttachment, T.policyAttachment],
        (props, args, report) => {
            const arn = props.policyArn;
            if (typeof arn === "string" && ADMIN_MANAGED_POLICY.test(arn)) {
                report(`policyArn is "${arn}"; attach a customer managed policy scoped to what the principal needs`);
            }
        },
    ),
};

export const kmsKeyRotation: ResourceValidationPolicy = {
    name: "kms-key-rotation",
    description: describe("Symmetric customer managed KMS keys rotate their key material", "Security Hub KMS.4"),
    enforcementLevel: MANDATORY,
    validateResource: forTypes([T.kmsKey], (props, args, report) => {
        const spec = props.customerMasterKeySpec ?? props.keySpec;
        if (spec !== undefined && spec !== "SYMMETRIC_DEFAULT") {
            return; // AWS rotates only symmetric encryption keys
        }
        if (props.enableKeyRotation !== true) {
            report(`enableKeyRotation is ${show(props.enableKeyRotation)}; set it to true`);
        }
    }),
};

export const identityPolicies = [noAdminStatements, taskRoleNoServiceWildcards, noAdminPolicyAttachment, kmsKeyRotation];
