package dev.parley.openapi;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Finishes the OpenAPI document Payara builds from the annotations, so that a client generated
 * from it is right. It is named by {@code mp.openapi.filter} in this module's
 * microprofile-config.properties and lives here, not beside the resources in the WAR, because in
 * the EAR Payara reads that setting and loads the filter through the application's class loader,
 * which sees the EJB module and not the WAR's classes.
 * <ul>
 * <li>every error answer is declared as the problem+json it is, once here rather than on each of
 *     forty {@code @APIResponse}s;</li>
 * <li>Payara 6 writes every attribute of a {@code @Schema} annotation, its defaults included, and
 *     some of those defaults say something false ({@code maxProperties: 0} forbids every property
 *     of an object, {@code minProperties: 0} and {@code false} flags are noise): they are dropped.</li>
 * </ul>
 */
public class ApiDocumentFilter implements OASFilter {

    static final String PROBLEM_SCHEMA = "Problem";
    static final String PROBLEM_MEDIA_TYPE = "application/problem+json";

    @Override
    public Schema filterSchema(Schema schema) {
        if (Integer.valueOf(0).equals(schema.getMaxProperties())) {
            schema.setMaxProperties(null);
        }
        if (Integer.valueOf(0).equals(schema.getMinProperties())) {
            schema.setMinProperties(null);
        }
        if (Integer.valueOf(0).equals(schema.getMinLength())) {
            schema.setMinLength(null);
        }
        if (Boolean.FALSE.equals(schema.getExclusiveMaximum())) {
            schema.setExclusiveMaximum(null);
        }
        if (Boolean.FALSE.equals(schema.getExclusiveMinimum())) {
            schema.setExclusiveMinimum(null);
        }
        if (Boolean.FALSE.equals(schema.getUniqueItems())) {
            schema.setUniqueItems(null);
        }
        if (Boolean.FALSE.equals(schema.getNullable())) {
            schema.setNullable(null);
        }
        if (Boolean.FALSE.equals(schema.getReadOnly())) {
            schema.setReadOnly(null);
        }
        if (Boolean.FALSE.equals(schema.getWriteOnly())) {
            schema.setWriteOnly(null);
        }
        if (Boolean.FALSE.equals(schema.getDeprecated())) {
            schema.setDeprecated(null);
        }
        return schema;
    }

    @Override
    public void filterOpenAPI(OpenAPI document) {
        if (document.getComponents() == null) {
            document.setComponents(OASFactory.createComponents());
        }
        document.getComponents().addSchema(PROBLEM_SCHEMA, problemSchema());
        if (document.getPaths() == null || document.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem path : document.getPaths().getPathItems().values()) {
            for (Operation operation : path.getOperations().values()) {
                if (operation.getResponses() == null || operation.getResponses().getAPIResponses() == null) {
                    continue;
                }
                for (Map.Entry<String, APIResponse> response : operation.getResponses().getAPIResponses().entrySet()) {
                    if (isError(response.getKey()) && hasNoContent(response.getValue())) {
                        response.getValue().setContent(OASFactory.createContent().addMediaType(PROBLEM_MEDIA_TYPE,
                                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_SCHEMA))));
                    }
                }
            }
        }
    }

    private static boolean hasNoContent(APIResponse response) {
        return response.getContent() == null || response.getContent().getMediaTypes() == null
                || response.getContent().getMediaTypes().isEmpty();
    }

    private static boolean isError(String status) {
        return status.length() == 3 && (status.charAt(0) == '4' || status.charAt(0) == '5');
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema().type(Schema.SchemaType.OBJECT)
                .description("An RFC 9457 problem; docs/rest-api.md lists the type URIs")
                .addProperty("type", string("a URI naming the kind of problem"))
                .addProperty("title", string("the status' reason phrase"))
                .addProperty("status", OASFactory.createSchema().type(Schema.SchemaType.INTEGER))
                .addProperty("detail", string("what went wrong with this request"))
                .addProperty("instance", string("the path that was requested"));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().type(Schema.SchemaType.STRING).description(description);
    }
}
