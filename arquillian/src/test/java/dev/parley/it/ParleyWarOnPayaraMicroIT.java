package dev.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.File;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The micro WAR (EJB module and libraries inside) on Payara Micro, as ./parley run starts it: in
 * demo mode ({@code -Dparley.security.demo-mode=true}, set in arquillian.xml), so the demo page
 * needs no portal backend; the Origin check and a presented token's check still apply.
 */
@ExtendWith(ArquillianExtension.class)
class ParleyWarOnPayaraMicroIT extends ParleyDeploymentContract {

    @Deployment(testable = false)
    static WebArchive parleyWar() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("parley.microWar")));
    }

    @Override
    String widgetToken() {
        return null;
    }

    @Test
    void demoModeLetsThePageInWithoutATokenAndAnswersHello() throws Exception {
        try (SignallingClient socket = SignallingClient.from(pageOrigin(), signalling(null))) {
            JsonObject ready = socket.exchange("{\"type\":\"hello\",\"version\":1}");
            assertEquals("ready", ready.getString("type"), ready.toString());
            assertEquals(1, ready.getInt("version"));
        }
    }

    @Test
    void demoModeStillRefusesAForeignOriginAndABadToken() throws Exception {
        try (SignallingClient socket = SignallingClient.from("http://evil.example", signalling(null))) {
            JsonObject error = socket.next();
            assertEquals("origin-refused", error.getString("code"), error.toString());
            assertTrue(error.getString("message").contains("http://evil.example"), error.toString());
            assertEquals(1008, socket.awaitClose());
        }
        try (SignallingClient socket = SignallingClient.from(pageOrigin(), signalling("e2e-123"))) {
            JsonObject error = socket.next();
            assertEquals("token-refused", error.getString("code"), error.toString());
            assertEquals(1008, socket.awaitClose());
        }
    }
}
