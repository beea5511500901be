package dev.parley.it;

import java.io.File;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The reactor-built EAR, exactly as operators deploy it, on a real Payara Server domain. */
@ExtendWith(ArquillianExtension.class)
class ParleyEarOnPayaraServerIT extends ParleyDeploymentContract {

    @Deployment(testable = false)
    static EnterpriseArchive parleyEar() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(System.getProperty("parley.ear")));
    }

    /** The test domain is not in demo mode: the socket needs a token, obtained as a portal backend does. */
    @Override
    String widgetToken() throws Exception {
        return http().widgetToken(app("api/v1/tokens"), JsonHttp.IT_API_KEY);
    }
}
