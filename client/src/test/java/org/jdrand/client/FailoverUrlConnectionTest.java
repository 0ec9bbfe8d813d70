package org.jdrand.client;

/** FailoverTest's cases with requests sent through HttpURLConnection ({@link DrandClient.Builder#urlConnectionHttp()}). */
class FailoverUrlConnectionTest extends FailoverTest {
    @Override
    DrandClient.Builder builder() {
        return DrandClient.builder().urlConnectionHttp();
    }
}
