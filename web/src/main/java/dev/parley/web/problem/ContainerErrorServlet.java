package dev.parley.web.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;

/**
 * The error page of the web module ({@code WEB-INF/web.xml}): errors the container raises itself
 * (a security constraint's 403, a path it refuses to map, a method it does not allow) become
 * problem details like the REST layer's, never the server's HTML page. Requested directly, it is
 * not there (404).
 */
@WebServlet(ContainerErrorServlet.PATH)
public class ContainerErrorServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final String PATH = "/problem-page";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (!(code instanceof Integer status)) {
            ProblemResponses.send(response, HttpServletResponse.SC_NOT_FOUND, "No resource at " + request.getRequestURI(),
                    request.getRequestURI());
            return;
        }
        String path = uri == null ? request.getRequestURI() : uri.toString();
        ProblemResponses.send(response, status, detail(status, request.getUserPrincipal(), path), path);
    }

    private static String detail(int status, Principal user, String path) {
        return switch (status) {
            case HttpServletResponse.SC_FORBIDDEN -> user == null ? "access to " + path + " is forbidden"
                    : "user " + user.getName() + " lacks the admin role";
            case HttpServletResponse.SC_UNAUTHORIZED -> "the admin API needs HTTP Basic credentials";
            case HttpServletResponse.SC_NOT_FOUND -> "No resource at " + path;
            case HttpServletResponse.SC_METHOD_NOT_ALLOWED -> "the method is not allowed on " + path;
            case HttpServletResponse.SC_BAD_REQUEST -> "the server could not read the request for " + path;
            default -> "the server answered " + status + " for " + path;
        };
    }
}
