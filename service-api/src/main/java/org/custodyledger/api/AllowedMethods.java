package org.custodyledger.api;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The methods each path of a service takes, read once from its resource classes' annotations,
 * for the Allow header of a 405 (RESTEasy Reactive gives its NotAllowedException none). HEAD goes
 * with GET and OPTIONS with every path, as JAX-RS answers them.
 */
public final class AllowedMethods {
    /** A path template of the service, as a pattern of request paths, and the methods it takes. */
    private record Route(Pattern paths, TreeSet<String> methods) {
    }

    private final Map<String, Route> byTemplate = new LinkedHashMap<>();

    private AllowedMethods() {
    }

    private static volatile AllowedMethods ofThisService;

    /** Of the resource classes (beans with @Path) of the running service, read at the first call. */
    public static AllowedMethods ofThisService() {
        if (ofThisService == null) {
            List<Class<?>> resources = new ArrayList<>();
            var beans = io.quarkus.arc.Arc.container().beanManager().getBeans(Object.class, jakarta.enterprise.inject.Any.Literal.INSTANCE);
            for (var bean : beans) {
                if (bean.getBeanClass().isAnnotationPresent(Path.class)) {
                    resources.add(bean.getBeanClass());
                }
            }
            ofThisService = of(resources.toArray(Class<?>[]::new));
        }
        return ofThisService;
    }

    public static AllowedMethods of(Class<?>... resources) {
        AllowedMethods allowed = new AllowedMethods();
        for (Class<?> resource : resources) {
            String base = Optional.ofNullable(resource.getAnnotation(Path.class)).map(Path::value).orElse("");
            for (Method method : resource.getMethods()) {
                String verb = null;
                for (Annotation annotation : method.getAnnotations()) {
                    HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
                    if (http != null) {
                        verb = http.value();
                    }
                }
                if (verb == null) {
                    continue;
                }
                String sub = Optional.ofNullable(method.getAnnotation(Path.class)).map(Path::value).orElse("");
                TreeSet<String> verbs = allowed.byTemplate.computeIfAbsent(join(base, sub),
                        template -> new Route(pattern(template), new TreeSet<>(List.of("OPTIONS")))).methods();
                verbs.add(verb);
                if (verb.equals("GET")) {
                    verbs.add("HEAD");
                }
            }
        }
        return allowed;
    }

    /** The Allow header's value for this request path, if a resource serves it. */
    public Optional<String> allow(String path) {
        TreeSet<String> verbs = new TreeSet<>();
        byTemplate.values().stream().filter(route -> route.paths().matcher(path).matches()).forEach(route -> verbs.addAll(route.methods()));
        return verbs.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", verbs));
    }

    /** The Allow header of a 405 of the running service: the request path's methods, or what JAX-RS gave, if anything. */
    public static String allowFor(jakarta.ws.rs.NotAllowedException refusal, jakarta.ws.rs.core.UriInfo uri) {
        return ofThisService().allow("/" + uri.getPath().replaceFirst("^/", ""))
                .orElse(refusal.getResponse().getHeaderString(jakarta.ws.rs.core.HttpHeaders.ALLOW));
    }

    private static String join(String base, String sub) {
        String path = ("/" + base + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        for (String part : template.split("(?=\\{)|(?<=})")) {
            regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(regex + "/?");
    }
}
