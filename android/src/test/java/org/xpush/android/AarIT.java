package org.xpush.android;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The packaged .aar: what a Gradle app gets, and what manifest merging adds to the app's manifest. */
public class AarIT {

    private static final String ANDROID = "http://schemas.android.com/apk/res/android";

    private static Path aar() {
        Path aar = Paths.get(System.getProperty("xpush.aar", "target/xpush-android.aar"));
        assertThat(aar).as("the packaged aar").isRegularFile();
        return aar;
    }

    @Test
    public void theAarHoldsClassesJarAndTheManifest() throws Exception {
        try (ZipFile zip = new ZipFile(aar().toFile())) {
            List<String> names = new ArrayList<>();
            Collections.list(zip.entries()).forEach(e -> names.add(e.getName()));
            assertThat(names).containsExactlyInAnyOrder("AndroidManifest.xml", "classes.jar");

            Set<String> classes = new HashSet<>();
            try (ZipInputStream jar = new ZipInputStream(zip.getInputStream(zip.getEntry("classes.jar")))) {
                for (ZipEntry e; (e = jar.getNextEntry()) != null; ) classes.add(e.getName());
            }
            assertThat(classes).contains("org/xpush/android/PushService.class", "org/xpush/android/XPush.class",
                    "org/xpush/android/BootReceiver.class", "org/xpush/android/SharedPreferencesCredentialStore.class");
            assertThat(classes).noneMatch(c -> c.startsWith("org/xpush/client/")); // the SDK comes as a dependency
        }
    }

    @Test
    public void theManifestDeclaresTheServiceTheBootReceiverAndThePermissions() throws Exception {
        Document manifest;
        try (ZipFile zip = new ZipFile(aar().toFile()); InputStream in = zip.getInputStream(zip.getEntry("AndroidManifest.xml"))) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            manifest = f.newDocumentBuilder().parse(new ByteArrayInputStream(in.readAllBytes()));
        }
        Element root = manifest.getDocumentElement();
        assertThat(root.getAttribute("package")).isEqualTo("org.xpush.android");
        Element sdk = (Element) root.getElementsByTagName("uses-sdk").item(0);
        assertThat(sdk.getAttributeNS(ANDROID, "minSdkVersion")).isEqualTo("26");

        Set<String> permissions = new HashSet<>();
        NodeList uses = root.getElementsByTagName("uses-permission");
        for (int i = 0; i < uses.getLength(); i++) permissions.add(((Element) uses.item(i)).getAttributeNS(ANDROID, "name"));
        assertThat(permissions).containsExactlyInAnyOrder(
                "android.permission.INTERNET",
                "android.permission.ACCESS_NETWORK_STATE",
                "android.permission.FOREGROUND_SERVICE",
                "android.permission.FOREGROUND_SERVICE_REMOTE_MESSAGING",
                "android.permission.RECEIVE_BOOT_COMPLETED",
                "android.permission.POST_NOTIFICATIONS");

        Element service = (Element) root.getElementsByTagName("service").item(0);
        assertThat(service.getAttributeNS(ANDROID, "name")).isEqualTo("org.xpush.android.PushService");
        assertThat(service.getAttributeNS(ANDROID, "foregroundServiceType")).isEqualTo("remoteMessaging");
        assertThat(service.getAttributeNS(ANDROID, "exported")).isEqualTo("false");

        Element receiver = (Element) root.getElementsByTagName("receiver").item(0);
        assertThat(receiver.getAttributeNS(ANDROID, "name")).isEqualTo("org.xpush.android.BootReceiver");
        Set<String> actions = new HashSet<>();
        NodeList a = receiver.getElementsByTagName("action");
        for (int i = 0; i < a.getLength(); i++) actions.add(((Element) a.item(i)).getAttributeNS(ANDROID, "name"));
        assertThat(actions).containsExactlyInAnyOrder("android.intent.action.BOOT_COMPLETED",
                "android.intent.action.MY_PACKAGE_REPLACED");
    }

    @Test
    public void thePlainJarIsBuiltToo() {
        Path aar = aar();
        String name = aar.getFileName().toString().replaceAll("\\.aar$", ".jar");
        assertThat(Files.isRegularFile(aar.resolveSibling(name))).isTrue();
    }
}
