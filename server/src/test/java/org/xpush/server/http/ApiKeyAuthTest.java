package org.xpush.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeyAuthTest {

    @Test
    void bearerTokenFollowsRfc6750() {
        assertThat(ApiKeyAuth.bearerToken("Bearer xp_abc-DEF_123")).isEqualTo("xp_abc-DEF_123");
        assertThat(ApiKeyAuth.bearerToken("bearer  abc+/=")).isEqualTo("abc+/=");
        assertThat(ApiKeyAuth.bearerToken("BEARER abc== ")).isEqualTo("abc==");
    }

    @Test
    void otherSchemesAndMalformedTokensAreNotBearerTokens() {
        assertThat(ApiKeyAuth.bearerToken(null)).isNull();
        assertThat(ApiKeyAuth.bearerToken("")).isNull();
        assertThat(ApiKeyAuth.bearerToken("Bearer")).isNull();
        assertThat(ApiKeyAuth.bearerToken("Bearer ")).isNull();
        assertThat(ApiKeyAuth.bearerToken("Basic dXNlcjpwYXNz")).isNull();
        assertThat(ApiKeyAuth.bearerToken("Bearer a b")).isNull();
        assertThat(ApiKeyAuth.bearerToken("Bearer =abc")).isNull();
        assertThat(ApiKeyAuth.bearerToken("Bearer ab=c")).isNull();
        assertThat(ApiKeyAuth.bearerToken("Bearer ä")).isNull();
        assertThat(ApiKeyAuth.bearerToken("Bearerxp_abc")).isNull();
    }
}
