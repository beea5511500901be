package dev.parley.speech.llm;

/**
 * Marks a CDI bean whose methods annotated with LangChain4j's {@code @dev.langchain4j.agent.tool.Tool}
 * the agent may call. Language model adapters that support tool calls (the OpenAI-compatible
 * one) offer every such bean's tools to the model and run the calls the model asks for:
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class OpeningHours implements AgentTools {
 *     @Tool("Opening hours of the shop on a given weekday")
 *     public String openingHours(@P(name = "weekday", value = "e.g. Monday") String weekday) { ... }
 * }
 * }</pre>
 */
public interface AgentTools {
}
