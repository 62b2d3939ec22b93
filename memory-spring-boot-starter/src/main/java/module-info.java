/**
 * The Spring Boot starter of agentmemory (see {@link dev.agentmemory.spring.boot}). Spring Boot's and Micrometer's jars
 * are automatic modules that name themselves ({@code spring.boot.autoconfigure}, {@code micrometer.core}, ...).
 */
module dev.agentmemory.spring.boot {
    requires transitive dev.agentmemory.springai;
    requires dev.agentmemory.resilience;
    requires spring.boot;
    requires spring.boot.autoconfigure;
    requires spring.context;
    requires spring.beans;
    requires spring.core;
    // Spring AI's vector store observations, when the application has an ObservationRegistry.
    requires micrometer.observation;
    // Optional: the health indicator and the meters are configured only when these are present.
    requires static spring.boot.health;
    requires static micrometer.core;
    // Spring logs through Commons Logging, an explicit module that no automatic module makes the module system resolve.
    requires org.apache.commons.logging;
    // Not static: Spring Framework 7 and Boot 4 annotate with JSpecify and read those annotations at run time (Boot's
    // health auto-configuration threw NoClassDefFoundError: org/jspecify/annotations/Nullable on the module path),
    // and no automatic module makes the module system resolve it.
    requires org.jspecify;

    // Not exported: an application uses the beans (typed by the API and Spring AI modules), never these configuration
    // classes, whose signatures are Spring's (exporting them warned that Spring's modules are not required transitively);
    // exclude one by name (spring.autoconfigure.exclude). Spring creates them and calls their @Bean methods by
    // reflection, which this grants.
    opens dev.agentmemory.spring.boot to spring.core, spring.beans, spring.context;
}
