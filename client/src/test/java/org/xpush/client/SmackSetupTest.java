package org.xpush.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the SDK installs Smack's Base64 encoder itself: on Android, and on a JVM without smack-java8. */
class SmackSetupTest {

    @Test
    void theEncoderIsInstalledOnAndroidAndWhereSmackJava8IsMissing() {
        assertThat(SmackSetup.needsBase64Encoder(true, false)).isTrue();
        assertThat(SmackSetup.needsBase64Encoder(true, true)).isTrue();
        assertThat(SmackSetup.needsBase64Encoder(false, false)).isTrue();
        assertThat(SmackSetup.needsBase64Encoder(false, true)).isFalse();
    }

    @Test
    void smackJava8IsFoundOnThisTestClasspathAndAMissingClassIsNot() {
        assertThat(SmackSetup.isPresent(SmackSetup.SMACK_JAVA8_INITIALIZER)).isTrue();
        assertThat(SmackSetup.isPresent("org.xpush.client.NoSuchClass")).isFalse();
    }

    @Test
    void theJavaEncoderRoundTrips() {
        SmackSetup.JavaBase64Encoder e = new SmackSetup.JavaBase64Encoder();
        byte[] bytes = {0, 1, 2, (byte) 0xff, 42};
        assertThat(e.decode(e.encodeToString(bytes))).containsExactly(bytes);
        assertThat(e.encodeToStringWithoutPadding(new byte[] {1})).isEqualTo("AQ");
    }
}
