package io.berth.registry;

import com.pulumi.aws.ecr.LifecyclePolicy;
import com.pulumi.aws.ecr.LifecyclePolicyArgs;
import com.pulumi.aws.ecr.Repository;
import com.pulumi.aws.ecr.RepositoryArgs;
import com.pulumi.aws.ecr.RepositoryPolicy;
import com.pulumi.aws.ecr.RepositoryPolicyArgs;
import com.pulumi.aws.ecr.inputs.RepositoryEncryptionConfigurationArgs;
import com.pulumi.aws.ecr.inputs.RepositoryImageScanningConfigurationArgs;
import com.pulumi.aws.kms.Alias;
import com.pulumi.aws.kms.AliasArgs;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.kms.KeyArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.berth.model.EnvironmentConfig;
import io.berth.support.Json;
import io.berth.support.Stateful;
import io.berth.support.Tags;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * The environment's ECR repositories, {@code <env>/<repository>}: scan on push, immutable tags
 * (unless dev turns them off), KMS encryption (a berth key with rotation where the environment asks
 * for one), a lifecycle policy, and a pull policy for the accounts the environment names.
 * Repositories are protected and retained in production.
 */
public final class Registry extends ComponentResource {
    /** Repository by catalog repository name. */
    public final Map<String, Repository> repositories = new TreeMap<>();
    public final String prefix;

    public Registry(String name, EnvironmentConfig env, SortedSet<String> repositoryNames, ComponentResourceOptions options) {
        super("berth:registry:Registry", name, options);
        var cfg = env.registry();
        this.prefix = env.name() + "/";
        var child = CustomResourceOptions.builder().parent(this).build();

        Output<String> keyArn = null;
        if (cfg.customerManagedKey() && !repositoryNames.isEmpty()) {
            var key = new Key(name + "-registry-key", KeyArgs.builder()
                    .description("Encrypts the " + env.name() + " container images")
                    .enableKeyRotation(true)
                    .deletionWindowInDays(30)
                    .tags(Tags.of(env.tags(), name + "-registry-key"))
                    .build(), Stateful.options(env.protectStatefulResources(), this));
            new Alias(name + "-registry-key-alias", AliasArgs.builder()
                    .name("alias/berth/" + env.name() + "/registry").targetKeyId(key.keyId()).build(), child);
            keyArn = key.arn();
        }
        for (var repo : repositoryNames) {
            var logical = name + "-repo-" + repo.replace('/', '-');
            var encryption = RepositoryEncryptionConfigurationArgs.builder().encryptionType("KMS");
            if (keyArn != null) {
                encryption.kmsKey(keyArn);
            }
            var repository = new Repository(logical, RepositoryArgs.builder()
                    .name(prefix + repo)
                    .imageScanningConfiguration(RepositoryImageScanningConfigurationArgs.builder().scanOnPush(true).build())
                    .imageTagMutability(cfg.immutableTags() ? "IMMUTABLE" : "MUTABLE")
                    .encryptionConfigurations(encryption.build())
                    .forceDelete(!env.production())
                    .tags(Tags.of(env.tags(), logical))
                    .build(), Stateful.options(env.protectStatefulResources(), this));
            repositories.put(repo, repository);
            new LifecyclePolicy(logical + "-lifecycle", LifecyclePolicyArgs.builder()
                    .repository(repository.name())
                    .policy(lifecyclePolicy(cfg.untaggedExpiryDays(), cfg.keepReleases()))
                    .build(), child);
            if (!cfg.pullAccounts().isEmpty()) {
                new RepositoryPolicy(logical + "-pull", RepositoryPolicyArgs.builder()
                        .repository(repository.name())
                        .policy(pullPolicy(cfg.pullAccounts()))
                        .build(), child);
            }
        }
        registerOutputs(Map.of());
    }

    /** Untagged images expire after some days; only the newest {@code keep} images are kept. */
    static String lifecyclePolicy(int untaggedDays, int keep) {
        var untagged = new LinkedHashMap<String, Object>();
        untagged.put("rulePriority", 1);
        untagged.put("description", "Expire untagged images after " + untaggedDays + " days");
        untagged.put("selection", Map.of("tagStatus", "untagged", "countType", "sinceImagePushed",
                "countUnit", "days", "countNumber", untaggedDays));
        untagged.put("action", Map.of("type", "expire"));
        var releases = new LinkedHashMap<String, Object>();
        releases.put("rulePriority", 2);
        releases.put("description", "Keep the last " + keep + " images");
        releases.put("selection", Map.of("tagStatus", "any", "countType", "imageCountMoreThan", "countNumber", keep));
        releases.put("action", Map.of("type", "expire"));
        return json(Map.of("rules", List.of(untagged, releases)));
    }

    static String pullPolicy(List<String> accounts) {
        var statement = new LinkedHashMap<String, Object>();
        statement.put("Sid", "AllowPullFromNamedAccounts");
        statement.put("Effect", "Allow");
        statement.put("Principal", Map.of("AWS", accounts.stream().sorted().map(a -> "arn:aws:iam::" + a + ":root").toList()));
        statement.put("Action", List.of("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"));
        var doc = new LinkedHashMap<String, Object>();
        doc.put("Version", "2012-10-17");
        doc.put("Statement", List.of(statement));
        return json(doc);
    }

    private static String json(Object o) {
        return Json.write(o);
    }
}
