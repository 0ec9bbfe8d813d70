package org.jdrand.client;

/** WatchTest's cases with requests sent through HttpURLConnection ({@link DrandClient.Builder#urlConnectionHttp()}). */
class WatchUrlConnectionTest extends WatchTest {
    @Override
    DrandClient.Builder builder() {
        return DrandClient.builder().urlConnectionHttp();
    }
}
