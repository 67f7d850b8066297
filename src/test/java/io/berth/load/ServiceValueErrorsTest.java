package io.berth.load;

import io.berth.model.EnvironmentConfig;
import io.berth.testing.Catalogs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.berth.testing.Catalogs.assertProblems;
import static io.berth.testing.Catalogs.files;

/**
 * Values of the right shape but the wrong meaning, one per case, each added to a valid service
 * file: GIVEN the mistake, WHEN the catalog is loaded, THEN exactly one message names the file, the
 * field path, the value as written, what is allowed and the fix (no follow-on errors).
 */
class ServiceValueErrorsTest {
    static final String FILE = "services/api.yaml: ";
    /** A valid service; each case appends one setting. */
    static final String API = """
            image: {repository: api, tag: "1.0.0"}
            expose: {type: internal}
            """;
    static final String PLACEHOLDERS = "; placeholders are {env}, {region}, {account}, {service}";

    private static EnvironmentConfig dev;

    record Case(String name, String text, String problem) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case add(String name, String yaml, String problem) {
        return new Case(name, API + yaml, FILE + problem);
    }

    private static Case file(String name, String text, String problem) {
        return new Case(name, text, FILE + problem);
    }

    private static Case schedule(String name, String expression, String problem) {
        return add(name, "scaling: {min: 1, max: 4, schedules: [{name: day, schedule: \"" + expression + "\", min: 2, max: 3}]}\n",
                "scaling.schedules[0].schedule: " + problem);
    }

    @BeforeAll
    static void environment() {
        dev = Catalogs.environment("dev");
    }

    static Stream<Case> schedules() {
        var days = "; AWS takes ? in exactly one of them: ";
        return Stream.of(
                schedule("cron with both day fields (the issue's example)", "cron(0 8 * * MON-FRI *)",
                        "'cron(0 8 * * MON-FRI *)' sets both day-of-month (*) and day-of-week (MON-FRI)" + days + "cron(0 8 ? * MON-FRI *)"),
                schedule("cron with every day of the week and a day of the month", "cron(0 8 1 * * *)",
                        "'cron(0 8 1 * * *)' sets both day-of-month (1) and day-of-week (*)" + days + "cron(0 8 1 * ? *)"),
                schedule("cron with two specific day fields", "cron(0 8 15 * MON *)",
                        "'cron(0 8 15 * MON *)' sets both day-of-month (15) and day-of-week (MON)" + days
                                + "cron(0 8 ? * MON *) or cron(0 8 15 * ? *)"),
                schedule("cron with ? in both day fields", "cron(0 8 ? * ? *)",
                        "'cron(0 8 ? * ? *)' has ? in both day-of-month and day-of-week" + days + "cron(0 8 * * ? *)"),
                schedule("cron minute 60", "cron(60 7 ? * MON-FRI *)",
                        "'cron(60 7 ? * MON-FRI *)': minutes '60' is not valid; minutes takes 0-59 with , - * /"),
                schedule("cron hour 24", "cron(0 24 ? * * *)",
                        "'cron(0 24 ? * * *)': hours '24' is not valid; hours takes 0-23 with , - * /"),
                schedule("cron day of month 32", "cron(0 7 32 * ? *)",
                        "'cron(0 7 32 * ? *)': day-of-month '32' is not valid; day-of-month takes 1-31 with , - * ? / L W"),
                schedule("cron month 13", "cron(0 7 ? 13 * *)",
                        "'cron(0 7 ? 13 * *)': month '13' is not valid; month takes 1-12 or JAN-DEC with , - * /"),
                schedule("cron misspelt weekday", "cron(0 7 ? * MON-FRY *)",
                        "'cron(0 7 ? * MON-FRY *)': day-of-week 'MON-FRY' is not valid; day-of-week takes 1-7 or SUN-SAT with , - * ? L #"),
                schedule("cron year before 1970", "cron(0 7 ? * * 1969)",
                        "'cron(0 7 ? * * 1969)': year '1969' is not valid; year takes 1970-2199 with , - * /"),
                schedule("cron without the year field", "cron(0 7 ? * MON-FRI)",
                        "'cron(0 7 ? * MON-FRI)' has 5 fields; an AWS cron expression has six: minutes hours day-of-month "
                                + "month day-of-week year, e.g. cron(0 7 ? * MON-FRI *)"),
                schedule("cron with seconds (Quartz style)", "cron(0 0 7 ? * MON-FRI *)",
                        "'cron(0 0 7 ? * MON-FRI *)' has 7 fields; an AWS cron expression has six: minutes hours day-of-month "
                                + "month day-of-week year, e.g. cron(0 7 ? * MON-FRI *)"),
                schedule("rate of 1 with a plural unit", "rate(1 hours)",
                        "'rate(1 hours)': a rate of 1 takes the singular unit: rate(1 hour)"),
                schedule("rate above 1 with a singular unit", "rate(5 minute)",
                        "'rate(5 minute)': a rate above 1 takes the plural unit: rate(5 minutes)"),
                schedule("rate of zero", "rate(0 minutes)",
                        "'rate(0 minutes)': the value of a rate is a whole number above 0, got '0'"),
                schedule("rate in weeks", "rate(2 weeks)",
                        "'rate(2 weeks)': the unit of a rate is minute(s), hour(s) or day(s), got 'weeks'"),
                schedule("rate without a space", "rate(5minutes)",
                        "'rate(5minutes)' is not a rate: write rate(<value> <unit>), e.g. rate(5 minutes)"),
                schedule("at with month 13", "at(2026-13-01T08:00:00)",
                        "'at(2026-13-01T08:00:00)' is not a date and time: at(...) takes yyyy-mm-ddThh:mm:ss, e.g. at(2026-12-24T18:00:00)"),
                schedule("at without seconds and T", "at(2026-12-24 18:00)",
                        "'at(2026-12-24 18:00)' is not a date and time: at(...) takes yyyy-mm-ddThh:mm:ss, e.g. at(2026-12-24T18:00:00)"),
                schedule("words instead of an expression", "every day at 8",
                        "must be cron(...), rate(...) or at(...), got 'every day at 8'"),
                add("misspelt time zone (the issue's example)",
                        "scaling: {schedules: [{name: day, schedule: \"cron(0 7 ? * * *)\", timezone: Europe/Dublim, min: 2}]}\n",
                        "scaling.schedules[0].timezone: 'Europe/Dublim' is not an IANA time zone name (did you mean "
                                + "'Europe/Dublin'?); use a name such as Europe/Dublin, America/New_York or UTC"),
                add("time zone as an offset",
                        "scaling: {schedules: [{name: day, schedule: \"cron(0 7 ? * * *)\", timezone: \"+01:00\", min: 2}]}\n",
                        "scaling.schedules[0].timezone: '+01:00' is not an IANA time zone name; use a name such as "
                                + "Europe/Dublin, America/New_York or UTC"),
                add("time zone on a rate",
                        "scaling: {schedules: [{name: day, schedule: \"rate(1 day)\", timezone: Europe/Dublin, min: 2}]}\n",
                        "scaling.schedules[0].timezone: applies to cron(...) and at(...) schedules; rate(1 day) runs at "
                                + "fixed intervals whatever the zone: remove timezone"),
                add("two schedules with one name", """
                                scaling:
                                  schedules:
                                    - {name: day, schedule: "cron(0 7 ? * * *)", min: 2}
                                    - {name: day, schedule: "cron(0 19 ? * * *)", min: 1}
                                """,
                        "scaling.schedules[1].name: 'day' names another schedule of this service too; give each schedule its own name"),
                add("schedule name with a slash",
                        "scaling: {schedules: [{name: day/night, schedule: \"cron(0 7 ? * * *)\", min: 2}]}\n",
                        "scaling.schedules[0].name: 'day/night' is not a schedule name: it becomes part of the scheduled "
                                + "action's name, where AWS refuses : / |, control characters and surrounding spaces; e.g. business-hours"),
                add("schedule min above the service's max",
                        "scaling: {min: 1, max: 4, schedules: [{name: peak, schedule: \"cron(0 7 ? * * *)\", min: 6}]}\n",
                        "scaling.schedules[0].min: 6 exceeds scaling.max (4), which the schedule keeps as its max; set the schedule's max too"),
                add("schedule max below the service's min",
                        "scaling: {min: 3, max: 6, schedules: [{name: night, schedule: \"cron(0 19 ? * * *)\", max: 2}]}\n",
                        "scaling.schedules[0].max: 2 is below scaling.min (3), which the schedule keeps as its min; set the schedule's min too")
        );
    }

    static Stream<Case> healthChecksAndImages() {
        var allowed = "the load balancer takes HTTP codes 200 to 499 as one code (200), a list (200,202) or a range (200-299)";
        var example = "public.ecr.aws/nginx/nginx:1.27, registry.example.com:5000/team/app or nginx@sha256:<64 hex digits>";
        return Stream.of(
                add("matcher as a word (the issue's example)", "healthCheck: {matcher: OK}\n",
                        "healthCheck.matcher: 'OK' is not a health-check matcher; " + allowed),
                add("matcher range beyond 499", "healthCheck: {matcher: 200-599}\n",
                        "healthCheck.matcher: '200-599' reaches outside 200-499; " + allowed),
                add("matcher code below 200", "healthCheck: {matcher: \"100\"}\n",
                        "healthCheck.matcher: '100' has 100, outside 200-499; " + allowed),
                add("matcher list with a code above 499", "healthCheck: {matcher: \"200,503\"}\n",
                        "healthCheck.matcher: '200,503' has 503, outside 200-499; " + allowed),
                add("matcher range reversed", "healthCheck: {matcher: 299-200}\n",
                        "healthCheck.matcher: '299-200' is an empty or reversed range; write the lower code first, e.g. 200-299"),
                add("matcher with spaces", "healthCheck: {matcher: \"200, 202\"}\n",
                        "healthCheck.matcher: '200, 202' is not a health-check matcher; " + allowed),
                add("container health check without CMD", "healthCheck: {command: [curl, -f, \"localhost:8080/health\"]}\n",
                        "healthCheck.command: starts with 'curl'; an ECS container health check starts with CMD (then the "
                                + "program and its arguments) or CMD-SHELL (then one shell command), e.g. [\"CMD-SHELL\", "
                                + "\"curl -f localhost:8080/health\"]"),
                add("environment values too large for a task definition", "environment: {BIG: \"" + "x".repeat(40_000) + "\"}\n",
                        "environment: the environment variables and the command take 40,026 bytes of the task definition; ECS "
                                + "takes a whole task definition up to 64 KiB, and berth keeps 32,768 bytes of it for these (the "
                                + "rest holds the container, log, health-check and secret settings): move large values to SSM "
                                + "Parameter Store and name them under secrets (ssm:/...)"),
                add("container health check timeout above ECS's 60 s",
                        "healthCheck: {command: [CMD-SHELL, \"curl -f localhost:8080/health\"], intervalSeconds: 120, timeoutSeconds: 90}\n",
                        "healthCheck.timeoutSeconds: with healthCheck.command it is also the container check's timeout, which ECS "
                                + "takes from 2 to 60 seconds, got 90; set 60 or less"),
                add("container health check start period above ECS's 300 s",
                        "healthCheck: {command: [CMD-SHELL, \"curl -f localhost:8080/health\"], gracePeriodSeconds: 600}\n",
                        "healthCheck.gracePeriodSeconds: with healthCheck.command it is also the container's start period, which "
                                + "ECS takes from 0 to 300 seconds, got 600; set 300 or less"),
                file("external image as a URL", "image: {external: \"https://public.ecr.aws/nginx/nginx:1.27\"}\nexpose: {type: internal}\n",
                        "image.external: 'https://public.ecr.aws/nginx/nginx:1.27' is a URL; an image reference has no scheme: "
                                + "write public.ecr.aws/nginx/nginx:1.27"),
                file("external image with a tag and image.tag", "image: {external: \"public.ecr.aws/nginx/nginx:1.27\", tag: \"1.28\"}\n"
                                + "expose: {type: internal}\n",
                        "image.tag: '1.28' contradicts image.external 'public.ecr.aws/nginx/nginx:1.27', which already pins "
                                + "the tag 1.27; keep the tag in one place: remove image.tag, or the tag from image.external"),
                file("external image with a digest and image.tag", "image: {external: \"nginx@sha256:" + "a".repeat(64)
                                + "\", tag: \"1.28\"}\nexpose: {type: internal}\n",
                        "image.tag: '1.28' contradicts image.external 'nginx@sha256:" + "a".repeat(64) + "', which already "
                                + "pins a digest; keep the tag in one place: remove image.tag, or the tag from image.external"),
                file("external image in capitals", "image: {external: Nginx}\nexpose: {type: internal}\n",
                        "image.external: 'Nginx' is not an image reference: repository names are lowercase; write "
                                + "[registry[:port]/]name[:tag][@digest] with lowercase letters, digits and . _ - / in the name, e.g. " + example),
                file("external image with an empty tag", "image: {external: \"nginx:\"}\nexpose: {type: internal}\n",
                        "image.external: 'nginx:' has the tag ''; a tag is up to 128 letters, digits, _ . -, not starting with . or -"),
                file("external image with a short digest", "image: {external: \"nginx@sha256:abc\"}\nexpose: {type: internal}\n",
                        "image.external: 'nginx@sha256:abc' has the digest 'sha256:abc', which is not <algorithm>:<hex>, "
                                + "e.g. @sha256: and 64 hex digits"),
                file("external image with an underscore in the registry", "image: {external: my_registry.example.com/app}\n"
                                + "expose: {type: internal}\n",
                        "image.external: 'my_registry.example.com/app' names the registry 'my_registry.example.com', which is "
                                + "not a host name with an optional port; write e.g. " + example),
                file("external image with a space", "image: {external: \"nginx 1.27\"}\nexpose: {type: internal}\n",
                        "image.external: 'nginx 1.27' is not an image reference: write [registry[:port]/]name[:tag][@digest] "
                                + "with lowercase letters, digits and . _ - / in the name, e.g. " + example),
                file("port on a worker", "image: {repository: api, tag: \"1.0.0\"}\nexpose: {type: none}\nport: 9000\n",
                        "port: a worker (expose.type: none) listens on no port, so berth maps none; remove port, or set "
                                + "expose.type: internal or public")
        );
    }

    static Stream<Case> environmentAndSecrets() {
        var ecs = " is set by Amazon ECS in every task, and a value here would override it; remove it and read the value ECS sets";
        var credentials = " would make the AWS SDKs use other credentials than the task role's; remove it and grant what the "
                + "service needs under permissions";
        return Stream.of(
                add("task role credentials endpoint in environment (the issue's example)",
                        "environment: {AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: /v2/credentials/x}\n",
                        "environment.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'" + ecs),
                add("task metadata endpoint in environment", "environment: {ECS_CONTAINER_METADATA_URI_V4: \"http://169.254.170.2/v4\"}\n",
                        "environment.ECS_CONTAINER_METADATA_URI_V4: 'ECS_CONTAINER_METADATA_URI_V4'" + ecs),
                add("AWS_REGION in environment", "environment: {AWS_REGION: us-east-1}\n",
                        "environment.AWS_REGION: 'AWS_REGION'" + ecs),
                add("AWS_EXECUTION_ENV in environment", "environment: {AWS_EXECUTION_ENV: AWS_ECS_EC2}\n",
                        "environment.AWS_EXECUTION_ENV: 'AWS_EXECUTION_ENV'" + ecs),
                add("static access key in environment", "environment: {AWS_ACCESS_KEY_ID: AKIAEXAMPLE}\n",
                        "environment.AWS_ACCESS_KEY_ID: 'AWS_ACCESS_KEY_ID'" + credentials),
                add("full credentials URI in environment", "environment: {AWS_CONTAINER_CREDENTIALS_FULL_URI: \"http://10.0.0.1/creds\"}\n",
                        "environment.AWS_CONTAINER_CREDENTIALS_FULL_URI: 'AWS_CONTAINER_CREDENTIALS_FULL_URI'" + credentials),
                add("static secret key as a secret", "secrets: {AWS_SECRET_ACCESS_KEY: \"secretsmanager:berth/{env}/api/key\"}\n",
                        "secrets.AWS_SECRET_ACCESS_KEY: 'AWS_SECRET_ACCESS_KEY'" + credentials),
                add("metadata endpoint as a secret", "secrets: {ECS_CONTAINER_METADATA_URI: \"ssm:/berth/{env}/api/uri\"}\n",
                        "secrets.ECS_CONTAINER_METADATA_URI: 'ECS_CONTAINER_METADATA_URI'" + ecs),
                add("misspelt placeholder in a variable (the issue's example)", "environment: {PROFILE: \"{enviroment}\"}\n",
                        "environment.PROFILE: unknown placeholder {enviroment} in '{enviroment}' (did you mean {env}?)" + PLACEHOLDERS),
                add("transposed placeholder in a URL", "environment: {QUEUE: \"https://sqs.{regoin}.amazonaws.com/{account}/q\"}\n",
                        "environment.QUEUE: unknown placeholder {regoin} in 'https://sqs.{regoin}.amazonaws.com/{account}/q' "
                                + "(did you mean {region}?)" + PLACEHOLDERS),
                add("placeholder berth does not have", "environment: {STAGE: \"{stage}\"}\n",
                        "environment.STAGE: unknown placeholder {stage} in '{stage}'" + PLACEHOLDERS),
                add("empty parameter name (the issue's example)", "secrets: {TOKEN: \"ssm:\"}\n",
                        "secrets.TOKEN: 'ssm:' names no parameter; write ssm:<parameter name>, e.g. ssm:/berth/{env}/api/token"),
                add("empty secret name", "secrets: {DB_PASSWORD: \"secretsmanager:\"}\n",
                        "secrets.DB_PASSWORD: 'secretsmanager:' names no secret; write secretsmanager:<secret name or ARN>, "
                                + "e.g. secretsmanager:berth/{env}/api/db-password"),
                add("secret ARN with an empty region (the issue's example)",
                        "secrets: {DB_PASSWORD: \"secretsmanager:arn:aws:secretsmanager::111111111111:secret:db\"}\n",
                        "secrets.DB_PASSWORD: 'arn:aws:secretsmanager::111111111111:secret:db' has no region, and a secret "
                                + "lives in exactly one: write its region, e.g. arn:aws:secretsmanager:{region}:{account}:secret:berth/{env}/api/db-password"),
                add("secret ARN of the other store", "secrets: {TOKEN: \"ssm:arn:aws:secretsmanager:eu-west-1:111111111111:secret:db\"}\n",
                        "secrets.TOKEN: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:db' is a secretsmanager ARN, but "
                                + "the reference reads from ssm; write ssm:<parameter name> or an ARN such as "
                                + "arn:aws:ssm:{region}:{account}:parameter/berth/{env}/api/token"),
                add("secret ARN with a short account", "secrets: {DB_PASSWORD: \"secretsmanager:arn:aws:secretsmanager:eu-west-1:1234:secret:db\"}\n",
                        "secrets.DB_PASSWORD: 'arn:aws:secretsmanager:eu-west-1:1234:secret:db' names the account '1234', which "
                                + "is not a 12-digit AWS account id; write it, or {account} for the stack's"),
                add("parameter ARN without parameter/", "secrets: {TOKEN: \"ssm:arn:aws:ssm:eu-west-1:111111111111:api-token\"}\n",
                        "secrets.TOKEN: 'arn:aws:ssm:eu-west-1:111111111111:api-token' is not a parameter ARN: its resource must be "
                                + "parameter/<name>, e.g. arn:aws:ssm:{region}:{account}:parameter/berth/{env}/api/token"),
                add("parameter ARN with an empty name", "secrets: {TOKEN: \"ssm:arn:aws:ssm:eu-west-1:111111111111:parameter/\"}\n",
                        "secrets.TOKEN: 'arn:aws:ssm:eu-west-1:111111111111:parameter/' is not an ARN: write the secret's full ARN, "
                                + "e.g. arn:aws:ssm:{region}:{account}:parameter/berth/{env}/api/token, or its name without arn:"),
                add("misspelt placeholder in a secret name", "secrets: {DB_PASSWORD: \"secretsmanager:berth/{enviroment}/db\"}\n",
                        "secrets.DB_PASSWORD: unknown placeholder {enviroment} in 'berth/{enviroment}/db' (did you mean {env}?)" + PLACEHOLDERS),
                add("misspelt placeholder in a long-form secret", "secrets: {DB_PASSWORD: {secretsmanager: \"berth/{servise}/db\"}}\n",
                        "secrets.DB_PASSWORD.secretsmanager: unknown placeholder {servise} in 'berth/{servise}/db' (did you mean {service}?)"
                                + PLACEHOLDERS),
                add("KMS key ARN without a region",
                        "secrets: {DB_PASSWORD: {secretsmanager: db, kmsKey: \"arn:aws:kms::111111111111:key/1234abcd\"}}\n",
                        "secrets.DB_PASSWORD.kmsKey: 'arn:aws:kms::111111111111:key/1234abcd' has no region, and a KMS key lives "
                                + "in exactly one: write arn:aws:kms:<region>:<account>:key/<key id>"),
                add("KMS key as an alias name", "secrets: {DB_PASSWORD: {secretsmanager: db, kmsKey: alias/berth}}\n",
                        "secrets.DB_PASSWORD.kmsKey: must be a KMS key ARN (arn:aws:kms:...), got 'alias/berth'"),
                add("KMS key ARN naming no key", "secrets: {DB_PASSWORD: {secretsmanager: db, kmsKey: \"arn:aws:kms:{region}:{account}:1234abcd\"}}\n",
                        "secrets.DB_PASSWORD.kmsKey: 'arn:aws:kms:{region}:{account}:1234abcd' names no key: a KMS key ARN ends "
                                + "in key/<key id> or alias/<alias name>")
        );
    }

    static Stream<Case> permissions() {
        return Stream.of(
                add("resource that is not an ARN", "permissions: [{actions: [sqs:SendMessage], resources: [orders-queue]}]\n",
                        "permissions[0].resources: 'orders-queue' is not an ARN: an IAM resource is arn:<partition>:<service>:"
                                + "<region>:<account>:<resource>, e.g. arn:aws:sqs:{region}:{account}:{env}-orders"),
                add("queue URL instead of an ARN",
                        "permissions: [{actions: [sqs:SendMessage], resources: [\"https://sqs.{region}.amazonaws.com/{account}/q\"]}]\n",
                        "permissions[0].resources: 'https://sqs.{region}.amazonaws.com/{account}/q' is not an ARN: an IAM resource "
                                + "is arn:<partition>:<service>:<region>:<account>:<resource>, e.g. arn:aws:sqs:{region}:{account}:{env}-orders"),
                add("regional service without a region", "permissions: [{actions: [sqs:SendMessage], resources: [\"arn:aws:sqs::{account}:q\"]}]\n",
                        "permissions[0].resources: 'arn:aws:sqs::{account}:q' has no region, but sqs ARNs name one (only global "
                                + "services such as iam and s3 leave it empty); write arn:aws:sqs:{region}:..."),
                add("unknown partition", "permissions: [{actions: [sqs:SendMessage], resources: [\"arn:amazon:sqs:{region}:{account}:q\"]}]\n",
                        "permissions[0].resources: 'arn:amazon:sqs:{region}:{account}:q' names the partition 'amazon'; partitions "
                                + "are aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc (arn:aws:... in the commercial regions)"),
                add("region that is not one", "permissions: [{actions: [sqs:SendMessage], resources: [\"arn:aws:sqs:ireland:{account}:q\"]}]\n",
                        "permissions[0].resources: 'arn:aws:sqs:ireland:{account}:q' names the region 'ireland', which is not an AWS "
                                + "region name such as eu-west-1 (or a wildcard such as *); write it, or {region} for the stack's"),
                add("account that is not one", "permissions: [{actions: [sqs:SendMessage], resources: [\"arn:aws:sqs:{region}:12345:q\"]}]\n",
                        "permissions[0].resources: 'arn:aws:sqs:{region}:12345:q' names the account '12345', which is not a 12-digit "
                                + "AWS account id (or * or aws); write it, or {account} for the stack's"),
                add("misspelt placeholder in a resource (the issue's example)",
                        "permissions: [{actions: [sqs:SendMessage], resources: [\"arn:aws:sqs:{region}:{account}:{enviroment}-orders\"]}]\n",
                        "permissions[0].resources: unknown placeholder {enviroment} in 'arn:aws:sqs:{region}:{account}:{enviroment}-orders' "
                                + "(did you mean {env}?)" + PLACEHOLDERS),
                add("statement id with a hyphen",
                        "permissions: [{sid: Send-Orders, actions: [sqs:SendMessage], resources: [\"arn:aws:sqs:{region}:{account}:q\"]}]\n",
                        "permissions[0].sid: 'Send-Orders' is not a statement id: IAM takes letters and digits only, e.g. SendOrders"),
                add("two statements with one id", """
                                permissions:
                                  - {sid: Orders, actions: [sqs:SendMessage], resources: ["arn:aws:sqs:{region}:{account}:a"]}
                                  - {sid: Orders, actions: [sqs:ReceiveMessage], resources: ["arn:aws:sqs:{region}:{account}:b"]}
                                """,
                        "permissions[1].sid: 'Orders' is the id of another statement too; IAM needs each statement id once in a policy")
        );
    }

    @Test
    void twoMistakesGiveTwoMessagesAndNothingElse() {
        assertProblems(dev, files("api.yaml", API + """
                        port: 70000
                        healthCheck: {matcher: OK, command: [curl, localhost]}
                        secrets: {AWS_REGION: "ssm:", TOKEN: "ssm:/berth/{enviroment}/token"}
                        """),
                FILE + "port: must be between 1 and 65535, got 70000",
                FILE + "secrets.AWS_REGION: 'AWS_REGION' is set by Amazon ECS in every task, and a value here would override it; "
                        + "remove it and read the value ECS sets",
                FILE + "secrets.TOKEN: unknown placeholder {enviroment} in '/berth/{enviroment}/token' (did you mean {env}?)" + PLACEHOLDERS,
                FILE + "healthCheck.matcher: 'OK' is not a health-check matcher; the load balancer takes HTTP codes 200 to 499 "
                        + "as one code (200), a list (200,202) or a range (200-299)",
                FILE + "healthCheck.command: starts with 'curl'; an ECS container health check starts with CMD (then the program "
                        + "and its arguments) or CMD-SHELL (then one shell command), e.g. [\"CMD-SHELL\", \"curl -f localhost:8080/health\"]");
    }

    @Test
    void anInvalidTagNextToAPinnedReferenceIsOneMistake() {
        assertProblems(dev, files("api.yaml", "image: {external: \"nginx:1.27\", tag: \".bad\"}\nexpose: {type: internal}\n"),
                FILE + "image.tag: '.bad' is not a valid image tag: up to 128 letters, digits, _ . -, not starting with . or -");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"schedules", "healthChecksAndImages", "environmentAndSecrets", "permissions"})
    void reportsOneMessageWithValueAllowedValuesAndFix(Case c) {
        assertProblems(dev, files("api.yaml", c.text()), c.problem());
    }
}
