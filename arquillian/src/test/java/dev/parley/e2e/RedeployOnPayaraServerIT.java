package dev.parley.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.HeadlessChromium;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An operator redeploys the EAR on a running domain (asadmin redeploy), as after an upgrade: the
 * agent must answer again without a restart of the domain. The built-in language model used to
 * load a native tokenizer that the JVM binds to the first application class loader, so every
 * redeploy after a call left the agent unable to answer until the domain restarted.
 */
@ExtendWith(ArquillianExtension.class)
class RedeployOnPayaraServerIT {

    private static final String EAR = "parley-redeployed";
    private static final URI DEMO_PAGE = URI.create("http://127.0.0.1:8080/parley/index.html");

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = EAR, managed = false, testable = false)
    static EnterpriseArchive parleyEar() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(System.getProperty("parley.ear")));
    }

    @Test
    void theAgentAnswersAgainAfterTheEarIsRedeployedWithoutARestart() throws Exception {
        Path audioDir = SpokenWav.tempDir();
        try {
            Path microphone = new SpokenWav(audioDir).silence(2).say("what is your name").silence(40).write("question.wav");
            deployer.deploy(EAR);
            try {
                assertTheAgentAnswers(microphone, "the first deployment");
            } finally {
                deployer.undeploy(EAR);
            }
            deployer.deploy(EAR);
            try {
                assertTheAgentAnswers(microphone, "the redeployed EAR");
            } finally {
                deployer.undeploy(EAR);
            }
        } finally {
            try (var files = Files.list(audioDir)) {
                files.forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(audioDir);
        }
    }

    /** One call: the question is recognised and the language model's answer is spoken, with no provider failure. */
    private static void assertTheAgentAnswers(Path microphone, String deployment) throws Exception {
        PortalBackend portal = new PortalBackend(DEMO_PAGE, PortalBackend.TEST_DOMAIN_API_KEY);
        try (HeadlessChromium browser = HeadlessChromium.open(portal.pageWithToken(DEMO_PAGE, ""), microphone, List.of())) {
            browser.await("document.readyState === 'complete' && customElements.get('parley-agent')", Duration.ofSeconds(30),
                    "the demo page of " + deployment + " defines <parley-agent>");
            browser.evaluate(PageRecording.INSTALL);
            browser.evaluate("document.getElementById('agent').start()");
            // A cold deployment loads its models on the first call: the answer may take a while.
            browser.await("window.__parleyE2e.events.some(e => e.name === 'metrics')"
                            + " || window.__parleyE2e.events.some(e => e.name === 'error' || e.name === 'ended')",
                    Duration.ofSeconds(120), "a turn completes with " + deployment);
            browser.evaluate("document.getElementById('agent').stop()");
            PageRecording page = PageRecording.parse(browser.evaluate(PageRecording.READ));
            assertTrue(page.named("error").isEmpty(), "no error (a failing language model reports provider-failed) with "
                    + deployment + page.summary());
            assertFalse(page.named("metrics").isEmpty(), "a turn completed with " + deployment + page.summary());
            assertTrue(page.events().stream().anyMatch(e -> e.signature().equals("transcript:agent")
                            && !e.detail().getString("text").isBlank()),
                    "the agent spoke an answer with " + deployment + page.summary());
        }
    }
}
