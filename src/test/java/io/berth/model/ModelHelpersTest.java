package io.berth.model;

import io.berth.model.ServiceSpec.Exposure;
import io.berth.model.ServiceSpec.ExposureType;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The small helper methods of the settings records. */
class ModelHelpersTest {
    private static HostGroupConfig batch() {
        return new HostGroupConfig("batch", List.of("m7g.large"), "arm64", 0, 4, 0, 0, false, 30, 100, true);
    }

    private static ServiceSpec service(String name, List<String> calls) {
        return Fixtures.service(name).toBuilder().calls(calls).build();
    }

    private static ServiceSpec publicService(String name, Optional<Integer> priority) {
        return Fixtures.service(name).toBuilder()
                .expose(new Exposure(ExposureType.PUBLIC, List.of("/api/*"), List.of(), priority)).build();
    }

    @Test
    void aHostGroupPinsTasksWithAMemberOfExpressionOnItsAttribute() {
        assertThat(batch().memberOfExpression()).isEqualTo("attribute:berth.host-group == batch");
    }

    @Test
    void aHostGroupsCapacityProviderIsNamedAfterTheEnvironment() {
        assertThat(batch().capacityProviderName("dev")).isEqualTo("dev-batch");
    }

    @Test
    void anIngressWithACertificateServesHttps() {
        var ingress = new IngressConfig(Optional.of("arn:aws:acm:eu-west-1:111111111111:certificate/x"), List.of(),
                IngressConfig.DEFAULT_SSL_POLICY, 90, 60);

        assertThat(ingress.https()).isTrue();
    }

    @Test
    void anIngressWithoutACertificateServesPlainHttp() {
        var ingress = new IngressConfig(Optional.empty(), List.of(), IngressConfig.DEFAULT_SSL_POLICY, 90, 60);

        assertThat(ingress.https()).isFalse();
    }

    @Test
    void productionProtectsStatefulResources() {
        assertThat(Fixtures.production().protectStatefulResources()).isTrue();
    }

    @Test
    void devDoesNotProtectStatefulResources() {
        assertThat(Fixtures.environment().protectStatefulResources()).isFalse();
    }

    @Test
    void theCatalogFindsAServiceByName() {
        var catalog = new Catalog(List.of(service("api", List.of()), service("orders", List.of())));

        assertThat(catalog.find("orders")).map(ServiceSpec::name).contains("orders");
    }

    @Test
    void theCatalogFindsNothingForAnUnknownName() {
        assertThat(new Catalog(List.of(service("api", List.of()))).find("billing")).isEmpty();
    }

    @Test
    void theCatalogListsTheServicesThatCallAService() {
        var catalog = new Catalog(List.of(service("web", List.of("orders")), service("orders", List.of()),
                service("billing", List.of("orders", "web"))));

        assertThat(catalog.callersOf("orders")).extracting(ServiceSpec::name).containsExactly("web", "billing");
    }

    @Test
    void anExplicitListenerPriorityWins() {
        assertThat(Catalog.priorityOf(publicService("api", Optional.of(7)))).isEqualTo(7);
    }

    @Test
    void withoutAnExplicitPriorityTheListenerPriorityComesFromTheNameAndRoutes() {
        assertThat(Catalog.priorityOf(publicService("api", Optional.empty())))
                .isEqualTo(ListenerPriorities.priority("api", List.of(), List.of("/api/*")));
    }
}
