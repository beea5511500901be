package dev.parley.e2e;

import java.io.File;
import java.net.URI;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The browser scenarios against the reactor-built EAR on the Payara Server domain the module
 * starts, talking to the embedded media server the module starts (ws://127.0.0.1:8888/kurento).
 */
@ExtendWith(ArquillianExtension.class)
class VoiceConversationOnPayaraServerIT extends BrowserConversationScenarios {

    @ArquillianResource
    URL deployedAt;

    @Deployment(testable = false)
    static EnterpriseArchive parleyEar() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(System.getProperty("parley.ear")));
    }

    /** Payara reports the machine's first non-loopback address; the tests talk to loopback only. */
    @Override
    URI demoPage() {
        int port = deployedAt.getPort() > 0 ? deployedAt.getPort() : 8080;
        return URI.create("http://127.0.0.1:" + port + "/parley/index.html");
    }
}
