package io.berth.support;

import com.pulumi.core.Output;
import com.pulumi.core.internal.Internal;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What berth hands the engine as resource inputs is never changed afterwards: the engine reads
 * inputs on its own threads while the program goes on registering (issue 19: one suite run in six
 * failed with "serializing property "policy": Index 10 out of bounds for length 10").
 */
class SharedInputsTest {
    private static <T> T value(Output<T> output) {
        return Internal.of(output).getDataAsync().join().getValueNullable();
    }

    @Test
    void aPolicyDocumentRendersTheStatementsItHadWhenAskedForItsJson() {
        // the bucket's ARN comes later (a resource output): the document renders then, not now
        var arn = new CompletableFuture<String>();
        var doc = PolicyDocument.create().allow("Read", List.of("s3:GetObject"), List.of(Output.of(arn)));
        var json = doc.toJson();
        doc.allow("Write", List.of("s3:PutObject"), List.of(Output.of("arn:aws:s3:::b/*")));
        arn.complete("arn:aws:s3:::b/*");
        assertThat(value(json)).isEqualTo("{\"Statement\":[{\"Action\":\"s3:GetObject\",\"Effect\":\"Allow\","
                + "\"Resource\":\"arn:aws:s3:::b/*\",\"Sid\":\"Read\"}],\"Version\":\"2012-10-17\"}");
    }

    @Test
    void aStatementKeepsItsOwnCopyOfTheCallersCollections() {
        var actions = new ArrayList<>(List.of("s3:GetObject"));
        var arn = new CompletableFuture<String>();
        var resources = new ArrayList<>(List.of(Output.of(arn)));
        var condition = new HashMap<String, Object>(Map.of("Bool", new HashMap<>(Map.of("aws:SecureTransport", "true"))));
        var json = PolicyDocument.create().allow("Read", actions, resources, condition).toJson();
        actions.add("s3:DeleteObject");
        resources.add(Output.of("*"));
        condition.put("StringEquals", Map.of("aws:SourceAccount", "111111111111"));
        arn.complete("arn:aws:s3:::b/*");
        assertThat(value(json)).isEqualTo("{\"Statement\":[{\"Action\":\"s3:GetObject\",\"Condition\":{\"Bool\":"
                + "{\"aws:SecureTransport\":\"true\"}},\"Effect\":\"Allow\",\"Resource\":\"arn:aws:s3:::b/*\",\"Sid\":\"Read\"}],"
                + "\"Version\":\"2012-10-17\"}");
    }

    @Test
    void tagsAreANewMapNobodyCanChange() {
        var environment = new HashMap<>(Map.of("environment", "dev"));
        var tags = Tags.of(environment, "dev-api", Map.of("owner", "team-a"));
        environment.put("environment", "prod");
        assertThat(tags).containsExactly(Map.entry("Name", "dev-api"), Map.entry("environment", "dev"), Map.entry("owner", "team-a"));
        assertThatThrownBy(() -> tags.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(Tags.of(environment, "dev-api")).isNotSameAs(Tags.of(environment, "dev-api"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonImmutableCopiesEveryLevel() {
        var inner = new ArrayList<Object>(List.of("a"));
        var outer = new HashMap<String, Object>(Map.of("list", inner));
        Map<String, Object> copy = Json.immutable(outer);
        inner.add("b");
        assertThat(copy).isEqualTo(Map.of("list", List.of("a")));
        assertThatThrownBy(() -> copy.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<Object>) copy.get("list")).add("c")).isInstanceOf(UnsupportedOperationException.class);
    }
}
