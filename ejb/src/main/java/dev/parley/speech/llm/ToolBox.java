package dev.parley.speech.llm;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.parley.speech.SpeechException;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tools of a set of {@link AgentTools} beans: their specifications, and running a call. */
public final class ToolBox {
    private final Map<String, ToolSpecification> specifications = new LinkedHashMap<>();
    private final Map<String, DefaultToolExecutor> executors = new LinkedHashMap<>();

    public ToolBox(Iterable<? extends AgentTools> beans) {
        for (AgentTools bean : beans) {
            // CDI client proxies subclass the bean: the annotated methods sit on a superclass.
            for (Class<?> type = bean.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
                for (Method method : type.getDeclaredMethods()) {
                    if (method.isAnnotationPresent(Tool.class)) {
                        ToolSpecification specification = ToolSpecifications.toolSpecificationFrom(method);
                        if (specifications.putIfAbsent(specification.name(), specification) != null) {
                            throw new SpeechException("two agent tools are named " + specification.name());
                        }
                        executors.put(specification.name(), new DefaultToolExecutor(bean, method));
                    }
                }
            }
        }
    }

    public static ToolBox none() {
        return new ToolBox(List.of());
    }

    public List<ToolSpecification> specifications() {
        return new ArrayList<>(specifications.values());
    }

    public boolean isEmpty() {
        return specifications.isEmpty();
    }

    /** Runs one call; a failing tool's error goes back to the model as the result, as LangChain4j does. */
    public String execute(ToolExecutionRequest request) {
        DefaultToolExecutor executor = executors.get(request.name());
        if (executor == null) {
            return "There is no tool named " + request.name() + ".";
        }
        return executor.execute(request, request.id());
    }
}
