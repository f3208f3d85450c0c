package org.custodyledger.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

/**
 * What both services' OpenAPI documents follow, applied to the document SmallRye builds from the
 * code: each shared parameter described once; the roles an operation needs said in words and in
 * {@code x-roles} (OIDC roles are not OAuth scopes, which Spectral rightly expects a bearer
 * scheme's list to be); the error answers every operation can give (401, 403, 406 and 503, as
 * problem documents the service names under {@code components/responses}); and every field of an
 * answer required, since answers write nulls rather than leave a field out, except schemas that
 * list their required fields themselves or that the service names as sparse.
 */
public abstract class ApiConventions implements OASFilter {
    public static final String UNAUTHORIZED = ref("Unauthorized");
    public static final String FORBIDDEN = ref("Forbidden");
    public static final String NOT_ACCEPTABLE = ref("NotAcceptable");
    public static final String UNAVAILABLE = ref("Unavailable");

    private final Map<String, String> parameters;
    private final Set<String> sparse;

    /**
     * @param parameters what each parameter means, by name
     * @param sparse schemas whose optional fields are left out rather than null, without a required list of their own
     */
    protected ApiConventions(Map<String, String> parameters, Set<String> sparse) {
        this.parameters = parameters;
        this.sparse = sparse;
    }

    public static String ref(String responseName) {
        return "#/components/responses/" + responseName;
    }

    /** The error answers of this service's operation beyond those every operation has. */
    protected abstract void addErrors(String path, PathItem.HttpMethod method, Operation operation, APIResponses responses);

    /** Anything else the service's document needs, after the rules above. */
    protected void complete(OpenAPI openAPI) {
    }

    @Override
    public Parameter filterParameter(Parameter parameter) {
        String description = parameters.get(parameter.getName());
        if (description != null && (parameter.getDescription() == null || parameter.getDescription().isBlank())) {
            parameter.setDescription(description);
        }
        return parameter;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() != null) {
            openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
                APIResponses responses = operation.getResponses();
                add(responses, "406", NOT_ACCEPTABLE);
                addErrors(path, method, operation, responses);
                if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
                    // Quarkus documents these without a body; ours are problem documents.
                    responses.addAPIResponse("401", OASFactory.createAPIResponse().ref(UNAUTHORIZED));
                    responses.addAPIResponse("403", OASFactory.createAPIResponse().ref(FORBIDDEN));
                    add(responses, "503", UNAVAILABLE);
                    rolesInWords(operation);
                }
            }));
        }
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            openAPI.getComponents().getSchemas().forEach((name, schema) -> {
                boolean declared = schema.getRequired() != null && !schema.getRequired().isEmpty();
                if (!declared && !sparse.contains(name) && schema.getProperties() != null && !schema.getProperties().isEmpty()) {
                    schema.setRequired(new ArrayList<>(schema.getProperties().keySet()));
                }
            });
        }
        complete(openAPI);
    }

    private static void rolesInWords(Operation operation) {
        Set<String> roles = new TreeSet<>();
        List<SecurityRequirement> plain = new ArrayList<>();
        for (SecurityRequirement requirement : operation.getSecurity()) {
            SecurityRequirement bare = OASFactory.createSecurityRequirement();
            requirement.getSchemes().forEach((scheme, scopes) -> {
                roles.addAll(scopes);
                bare.addScheme(scheme);
            });
            plain.add(bare);
        }
        operation.setSecurity(plain);
        if (!roles.isEmpty()) {
            operation.addExtension("x-roles", List.copyOf(roles));
            String said = "Roles: " + String.join(", ", roles) + ".";
            String description = operation.getDescription();
            operation.setDescription(description == null || description.isBlank() ? said : description + "\n\n" + said);
        }
    }

    /** Adds the response unless the operation documents that status itself. */
    protected static void add(APIResponses responses, String status, String ref) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(ref));
        }
    }
}
