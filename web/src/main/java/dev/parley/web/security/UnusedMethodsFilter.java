package dev.parley.web.security;

import dev.parley.web.problem.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * OPTIONS and TRACE are refused everywhere (405): Parley serves no cross-origin browser calls that
 * would need a preflight, OPTIONS only ever told a stranger which methods a path has (and once the
 * whole API's description), and TRACE echoes the request, credentials included, back to the page
 * that sent it.
 */
@WebFilter(urlPatterns = "/*", filterName = "parley-unused-methods")
public class UnusedMethodsFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    static final Set<String> REFUSED = Set.of("OPTIONS", "TRACE");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (REFUSED.contains(request.getMethod())) {
            response.setHeader("Allow", "GET, HEAD, POST, DELETE");
            ProblemResponses.send(request, response, HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                    request.getMethod() + " is not served by Parley");
            return;
        }
        chain.doFilter(request, response);
    }
}
