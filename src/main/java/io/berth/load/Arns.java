package io.berth.load;

import software.amazon.awssdk.arns.Arn;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * ARNs in the catalog and the stack files, parsed with the AWS SDK's own parser
 * ({@code software.amazon.awssdk.arns.Arn}: partition, service, region, account, resource) and
 * checked for meaning: a known partition, a region wherever the service is regional, a 12-digit
 * account. Each check returns the problem (the value as written, what is allowed, the fix) or
 * nothing.
 */
final class Arns {
    /** The AWS partitions (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html). */
    static final List<String> PARTITIONS = List.of("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e",
            "aws-iso-f", "aws-eusc");
    /**
     * Services whose ARNs may leave the region empty: global services, and S3, whose bucket and
     * object ARNs carry neither region nor account. Every other service's ARNs name a region.
     */
    static final Set<String> REGIONLESS_SERVICES = Set.of("iam", "sts", "s3", "cloudfront", "route53", "organizations",
            "waf", "globalaccelerator", "networkmanager", "shield", "budgets", "ce", "health", "account", "aws-portal",
            "support", "artifact", "cur", "trustedadvisor", "savingsplans", "billing", "freetier", "pricing");
    static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern IAM_WILDCARD = Pattern.compile("[a-z0-9*?-]*[*?][a-z0-9*?-]*");

    private Arns() {
    }

    /** The ARN, when {@code text} is one in the SDK's sense (six parts, partition, service and resource present). */
    static Optional<Arn> parse(String text) {
        try {
            return Arn.tryFromString(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // the SDK throws for an empty partition or service
        }
    }

    /**
     * A resource of an IAM statement: an ARN whose region and account may be wildcards. {@code written}
     * is the value as the user wrote it (before placeholders), {@code resolved} the one checked.
     */
    static Optional<String> iamResourceProblem(String written, String resolved) {
        var arn = parse(resolved);
        if (arn.isEmpty()) {
            return Optional.of("'" + written + "' is not an ARN: an IAM resource is arn:<partition>:<service>:<region>:"
                    + "<account>:<resource>, e.g. arn:aws:sqs:{region}:{account}:{env}-orders");
        }
        return partitionProblem(written, arn.get())
                .or(() -> regionProblem(written, arn.get(), true))
                .or(() -> accountProblem(written, arn.get(), true, false));
    }

    /**
     * A secret given by ARN: the service the reference names ({@code ssm} or {@code secretsmanager}),
     * a region (a secret lives in exactly one) and the account that holds it.
     */
    static Optional<String> secretProblem(String written, String resolved, String service) {
        var arn = parse(resolved);
        var example = service.equals("ssm") ? "arn:aws:ssm:{region}:{account}:parameter/berth/{env}/api/token"
                : "arn:aws:secretsmanager:{region}:{account}:secret:berth/{env}/api/db-password";
        if (arn.isEmpty()) {
            return Optional.of("'" + written + "' is not an ARN: write the secret's full ARN, e.g. " + example
                    + ", or its name without arn:");
        }
        var a = arn.get();
        if (!a.service().equals(service)) {
            return Optional.of("'" + written + "' is a " + a.service() + " ARN, but the reference reads from " + service
                    + "; write " + service + ":<" + (service.equals("ssm") ? "parameter name" : "secret name") + "> or an ARN such as " + example);
        }
        var prefix = service.equals("ssm") ? "parameter/" : "secret:";
        if (!a.resourceAsString().startsWith(prefix) || a.resourceAsString().length() == prefix.length()) {
            return Optional.of("'" + written + "' is not " + (service.equals("ssm") ? "a parameter" : "a secret") + " ARN: its resource "
                    + "must be " + prefix + "<name>, e.g. " + example);
        }
        if (a.region().isEmpty()) {
            return Optional.of("'" + written + "' has no region, and a secret lives in exactly one: write its region, e.g. " + example);
        }
        return partitionProblem(written, a).or(() -> regionProblem(written, a, false)).or(() -> accountProblem(written, a, false, true));
    }

    /** A KMS key given by ARN (arn:aws:kms:<region>:<account>:key/<id> or alias/<name>). */
    static Optional<String> kmsKeyProblem(String written, String resolved) {
        var arn = parse(resolved).filter(a -> a.service().equals("kms"));
        if (arn.isEmpty()) {
            return Optional.of("must be a KMS key ARN (arn:aws:kms:...), got '" + written + "'");
        }
        var a = arn.get();
        if (!(a.resourceAsString().startsWith("key/") || a.resourceAsString().startsWith("alias/"))) {
            return Optional.of("'" + written + "' names no key: a KMS key ARN ends in key/<key id> or alias/<alias name>");
        }
        if (a.region().isEmpty()) {
            return Optional.of("'" + written + "' has no region, and a KMS key lives in exactly one: write "
                    + "arn:aws:kms:<region>:<account>:key/<key id>");
        }
        return partitionProblem(written, a).or(() -> regionProblem(written, a, false)).or(() -> accountProblem(written, a, false, true));
    }

    private static Optional<String> partitionProblem(String written, Arn arn) {
        if (PARTITIONS.contains(arn.partition())) {
            return Optional.empty();
        }
        return Optional.of("'" + written + "' names the partition '" + arn.partition() + "'" + ConfigNode.suggestion(arn.partition(), PARTITIONS)
                + "; partitions are " + String.join(", ", PARTITIONS) + " (arn:aws:... in the commercial regions)");
    }

    private static Optional<String> regionProblem(String written, Arn arn, boolean wildcards) {
        var region = arn.region();
        if (region.isEmpty()) {
            return REGIONLESS_SERVICES.contains(arn.service()) ? Optional.empty()
                    : Optional.of("'" + written + "' has no region, but " + arn.service() + " ARNs name one (only global "
                    + "services such as iam and s3 leave it empty); write arn:" + arn.partition() + ":" + arn.service()
                    + ":{region}:...");
        }
        if (REGION.matcher(region.get()).matches() || (wildcards && IAM_WILDCARD.matcher(region.get()).matches())) {
            return Optional.empty();
        }
        return Optional.of("'" + written + "' names the region '" + region.get() + "', which is not an AWS region name "
                + "such as eu-west-1" + (wildcards ? " (or a wildcard such as *)" : "") + "; write it, or {region} for the stack's");
    }

    private static Optional<String> accountProblem(String written, Arn arn, boolean wildcards, boolean required) {
        var account = arn.accountId();
        if (account.isEmpty() && required) {
            return Optional.of("'" + written + "' names no account; write the 12-digit id of the account that holds it, "
                    + "or {account} for the stack's");
        }
        if (account.isEmpty() || ACCOUNT.matcher(account.get()).matches()
                || (wildcards && (account.get().equals("*") || account.get().equals("aws")))) {
            return Optional.empty();
        }
        return Optional.of("'" + written + "' names the account '" + account.get() + "', which is not a 12-digit AWS account id"
                + (wildcards ? " (or * or aws)" : "") + "; write it, or {account} for the stack's");
    }
}
