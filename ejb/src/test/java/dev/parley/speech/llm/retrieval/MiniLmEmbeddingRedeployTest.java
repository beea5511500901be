package dev.parley.speech.llm.retrieval;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an {@code asadmin redeploy} does to the retrieval model's embeddings, in one JVM: each
 * deployment loads the application's classes (and its libraries, ONNX Runtime and the tokenizer
 * included) through a class loader of its own, with nothing of the application shared between
 * them. Here those are two class loaders over this module's test class path whose parent is the
 * platform class loader, so every class below is loaded twice, natives included.
 */
class MiniLmEmbeddingRedeployTest {
    private static final String TEXT = "Can I interrupt you while you are talking?";

    @Test
    void twoDeploymentsInOneJvmBothEmbed() throws Exception {
        float[] here;
        try (MiniLmEmbeddingModel model = new MiniLmEmbeddingModel()) {
            here = model.vector(TEXT);
        }
        for (int deployment = 1; deployment <= 2; deployment++) {
            try (URLClassLoader loader = deploymentClassLoader()) {
                Class<?> type = loader.loadClass(MiniLmEmbeddingModel.class.getName());
                assertSame(loader, type.getClassLoader(), "deployment " + deployment + " has a class of its own");
                assertSame(loader, loader.loadClass("ai.onnxruntime.OrtEnvironment").getClassLoader(),
                        "deployment " + deployment + " loads ONNX Runtime (and its native library) itself");
                float[] vector = inDeployment(loader, () -> {
                    Object model = type.getConstructor().newInstance();
                    try {
                        return (float[]) type.getMethod("vector", String.class).invoke(model, TEXT);
                    } finally {
                        type.getMethod("close").invoke(model);
                    }
                });
                assertArrayEquals(here, vector, "deployment " + deployment + " embeds like the test's own class loader");
            }
        }
    }

    /**
     * The same two deployments with LangChain4j's own model fail: its native HuggingFace tokenizer
     * (one fixed file, ~/.djl.ai/tokenizers/...) is already bound to another class loader. This is
     * the failure the test above proves gone; if it ever stops failing, the harness no longer
     * reproduces a redeploy.
     */
    @Test
    void theNativeTokenizerCannotServeASecondDeployment() throws Exception {
        // Make sure some class loader holds the native library already, as the first deployment would.
        new AllMiniLmL6V2EmbeddingModel(Runnable::run).embed(TEXT);
        try (URLClassLoader loader = deploymentClassLoader()) {
            Class<?> type = loader.loadClass(AllMiniLmL6V2EmbeddingModel.class.getName());
            assertNotSame(AllMiniLmL6V2EmbeddingModel.class, type);
            Throwable failure = null;
            try {
                inDeployment(loader, () -> {
                    Object model = type.getConstructor(java.util.concurrent.Executor.class)
                            .newInstance((java.util.concurrent.Executor) Runnable::run);
                    Method embed = type.getMethod("embed", String.class);
                    return embed.invoke(model, TEXT);
                });
            } catch (Throwable e) {
                failure = e;
            }
            assertNotNull(failure, "LangChain4j's model embedded in a second class loader: the harness reproduces no redeploy");
            assertTrue(causes(failure).stream().anyMatch(e -> e instanceof UnsatisfiedLinkError
                            && String.valueOf(e.getMessage()).contains("already loaded in another classloader")),
                    "expected the native library to be bound to another class loader, got " + causes(failure));
        }
    }

    /** Runs with the deployment's loader as context class loader, as the server runs application code. */
    private static <T> T inDeployment(ClassLoader loader, Callable<T> work) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return work.call();
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static URLClassLoader deploymentClassLoader() throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (String entry : testClassPath()) {
            urls.add(new File(entry).toURI().toURL());
        }
        return new URLClassLoader("deployment", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    /** Surefire's forked JVM starts from a manifest-only jar; the real class path is in a property. */
    private static List<String> testClassPath() {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = Arrays.stream(path.split(File.pathSeparator)).filter(e -> !e.isBlank()).toList();
        assertTrue(entries.stream().anyMatch(e -> e.contains("onnxruntime")), "the class path names ONNX Runtime: " + path);
        return entries;
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable e = failure; e != null && !chain.contains(e); e = e.getCause()) {
            chain.add(e);
        }
        return chain;
    }
}
