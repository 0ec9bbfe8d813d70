package org.jdrand.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** api_call_counter's label: each route of the API maps to its name, anything else to "other". */
class ApiCallLabelsTest {
    private static final String HASH = "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971";

    @Test
    void routesMapToTheirApi() {
        assertThat(ApiCallLabels.of("/")).isEqualTo("home");
        assertThat(ApiCallLabels.of("/status/app.js")).isEqualTo("status_page");
        assertThat(ApiCallLabels.of("/public/latest")).isEqualTo("public");
        assertThat(ApiCallLabels.of("/public/12?x=1")).isEqualTo("public");
        assertThat(ApiCallLabels.of("/" + HASH + "/public/next")).isEqualTo("public");
        assertThat(ApiCallLabels.of("/api/public")).isEqualTo("public");
        assertThat(ApiCallLabels.of("/v2/chains/" + HASH + "/rounds/latest")).isEqualTo("public");
        assertThat(ApiCallLabels.of("/v2/beacons/default/rounds/7")).isEqualTo("public");
        assertThat(ApiCallLabels.of("/info")).isEqualTo("info");
        assertThat(ApiCallLabels.of("/" + HASH + "/info")).isEqualTo("info");
        assertThat(ApiCallLabels.of("/v2/chains/" + HASH + "/info")).isEqualTo("info");
        assertThat(ApiCallLabels.of("/health")).isEqualTo("health");
        assertThat(ApiCallLabels.of("/v2/beacons/default/health")).isEqualTo("health");
        assertThat(ApiCallLabels.of("/chains")).isEqualTo("chains");
        assertThat(ApiCallLabels.of("/v2/chains")).isEqualTo("chains");
        assertThat(ApiCallLabels.of("/v2/beacons")).isEqualTo("beacons");
        assertThat(ApiCallLabels.of("/v2/chains/" + HASH + "/members")).isEqualTo("members");
        assertThat(ApiCallLabels.of("/v2/chains/" + HASH + "/rounds?from=1&to=9")).isEqualTo("rounds_range");
        assertThat(ApiCallLabels.of("/v2/chains/" + HASH + "/rounds/stream")).isEqualTo("rounds_stream");
    }

    @Test
    void anythingElseIsOtherSoTheLabelStaysBounded() {
        assertThat(ApiCallLabels.of("/foo")).isEqualTo("other");
        assertThat(ApiCallLabels.of("/foo/bar/baz")).isEqualTo("other");
        assertThat(ApiCallLabels.of("/members")).isEqualTo("other");
        assertThat(ApiCallLabels.of("/v2/chains/x/rounds/1/2")).isEqualTo("other");
        assertThat(ApiCallLabels.of("/api/private")).isEqualTo("other");
        for (String uri : new String[] {"/", "/x", "/public/1", "/v2/chains/a/rounds", "/%zz", "/chains/x"}) {
            assertThat(ApiCallLabels.ALL).contains(ApiCallLabels.of(uri));
        }
    }
}
