package dev.parley.it;

import java.io.File;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The micro WAR (EJB module and libraries inside) on Payara Micro, as ./parley run starts it. */
@ExtendWith(ArquillianExtension.class)
class ParleyWarOnPayaraMicroIT extends ParleyDeploymentContract {

    @Deployment(testable = false)
    static WebArchive parleyWar() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("parley.microWar")));
    }
}
