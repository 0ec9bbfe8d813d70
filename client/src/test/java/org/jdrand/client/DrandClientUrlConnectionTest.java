package org.jdrand.client;

/** DrandClientTest's cases with requests sent through HttpURLConnection ({@link DrandClient.Builder#urlConnectionHttp()}). */
class DrandClientUrlConnectionTest extends DrandClientTest {
    @Override
    DrandClient.Builder builder() {
        return DrandClient.builder().urlConnectionHttp();
    }
}
