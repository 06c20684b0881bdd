package org.rabbitmqjmh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * deploy/k8s read into fabric8's Kubernetes model, as the API server would read it, and checked for what
 * the run needs: an Indexed Job of N workers that all know N, the operator's credentials, an image, a
 * results path; a 3-node RabbitmqCluster. No cluster is involved: this is the schema, not a deployment.
 */
class ManifestsTest {

    private static final Path DIR = Path.of("deploy", "k8s");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Z_]+)\\)");

    /**
     * Unknown properties fail where Jackson decides; fabric8's model classes, though, keep what they do not
     * know in additionalProperties instead of failing, which {@link #unknownFields} looks into.
     */
    private final KubernetesSerialization yaml = new KubernetesSerialization(
            YAMLMapper.builder()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .build(),
            true);

    @Test
    void everyManifestReadsIntoTheModelWithNoUnknownField() throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.list(DIR)) {
            files = all.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files)
                .extracting(f -> f.getFileName().toString())
                .containsExactly("benchmark-job.yaml", "rabbitmq-cluster.yaml");
        for (Path f : files) {
            HasMetadata resource = read(f.getFileName().toString());
            if (!(resource instanceof GenericKubernetesResource)) {
                assertThat(unknownFields(resource, resource.getKind()))
                        .as(f.toString())
                        .isEmpty();
            }
        }
    }

    @Test
    void aTypoIsCaught() {
        String typo = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: x}\nspec:\n  completionsMode: Indexed\n";
        assertThat(unknownFields(yaml.unmarshal(typo), "Job")).containsExactly("Job.spec.completionsMode");
        assertThatThrownBy(() -> yaml.unmarshal("apiVersion: batch/v1\nkind: Job\nspec:\n  completions: three\n"))
                .hasMessageContaining("three");
    }

    @Test
    void theJobRunsNIndexedWorkersThatAllKnowN() throws IOException {
        Job job = (Job) read("benchmark-job.yaml");

        assertThat(job.getApiVersion()).isEqualTo("batch/v1");
        assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(job.getSpec().getCompletions())
                .isGreaterThan(1)
                .isEqualTo(job.getSpec().getParallelism());
        assertThat(job.getSpec().getBackoffLimit())
                .as("a retried worker would run out of step")
                .isZero();
        Container worker = container(job);
        assertThat(env(worker, "RABBITMQJMH_WORKERS").getValue())
                .isEqualTo(job.getSpec().getCompletions().toString());
        assertThat(env(worker, "RABBITMQJMH_RUN_ID")
                        .getValueFrom()
                        .getFieldRef()
                        .getFieldPath())
                .isEqualTo("metadata.labels['batch.kubernetes.io/controller-uid']");
        assertThat(worker.getEnv())
                .noneMatch(e -> e.getName().equals("RABBITMQJMH_WORKER_INDEX"))
                .as("the index is JOB_COMPLETION_INDEX, set by Kubernetes");
    }

    @Test
    void theBrokerUriIsBuiltFromTheOperatorsSecretOnly() throws IOException {
        Job job = (Job) read("benchmark-job.yaml");
        String secret = read("rabbitmq-cluster.yaml").getMetadata().getName() + "-default-user";
        Container worker = container(job);

        String uri = env(worker, "RABBITMQ_URI").getValue();
        assertThat(uri).startsWith("amqp://").doesNotContain("guest");
        Matcher refs = REFERENCE.matcher(uri);
        List<String> used = new ArrayList<>();
        while (refs.find()) {
            used.add(refs.group(1));
        }
        assertThat(used).containsExactly("RABBITMQ_USER", "RABBITMQ_PASSWORD", "RABBITMQ_HOST", "RABBITMQ_PORT");
        Map<String, String> keys = Map.of(
                "RABBITMQ_USER",
                "username",
                "RABBITMQ_PASSWORD",
                "password",
                "RABBITMQ_HOST",
                "host",
                "RABBITMQ_PORT",
                "port");
        List<String> names = worker.getEnv().stream().map(EnvVar::getName).toList();
        for (String name : used) {
            var ref = env(worker, name).getValueFrom().getSecretKeyRef();
            assertThat(ref.getName()).as(name).isEqualTo(secret);
            assertThat(ref.getKey()).as(name).isEqualTo(keys.get(name));
            // Kubernetes expands $(VAR) only for variables listed before the one that uses it.
            assertThat(names.indexOf(name)).as(name + " before RABBITMQ_URI").isLessThan(names.indexOf("RABBITMQ_URI"));
        }
    }

    @Test
    void theJobHasAnImageAResultsVolumeAndWritesItsRunThere() throws IOException {
        Job job = (Job) read("benchmark-job.yaml");
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        Container worker = container(job);

        assertThat(worker.getImage()).isNotBlank();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        var mount = worker.getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals("/results"))
                .findFirst()
                .orElseThrow();
        assertThat(pod.getVolumes()).anyMatch(v -> v.getName().equals(mount.getName()));
        String script = String.join(" ", worker.getArgs());
        assertThat(script)
                .contains(
                        "-jar /benchmarks.jar",
                        "-Drabbitmqjmh.results=/results",
                        "-bm thrpt",
                        "-Drabbitmq.metrics.uri=off");
        assertThat(Files.readString(DIR.resolve("Dockerfile")))
                .contains("FROM eclipse-temurin:17-jre", "COPY target/benchmarks.jar /benchmarks.jar");
    }

    @Test
    void theClusterHasThreeNodesOfTheOperatorsKind() throws IOException {
        HasMetadata cluster = read("rabbitmq-cluster.yaml");

        assertThat(cluster).isInstanceOf(GenericKubernetesResource.class);
        assertThat(cluster.getApiVersion()).isEqualTo("rabbitmq.com/v1beta1");
        assertThat(cluster.getKind()).isEqualTo("RabbitmqCluster");
        Map<?, ?> spec = (Map<?, ?>)
                ((GenericKubernetesResource) cluster).getAdditionalProperties().get("spec");
        assertThat(spec.get("replicas")).isEqualTo(3);
        Map<?, ?> resources = (Map<?, ?>) spec.get("resources");
        assertThat(resources.get("requests")).as("Guaranteed QoS").isEqualTo(resources.get("limits"));
    }

    private HasMetadata read(String file) throws IOException {
        return yaml.unmarshal(Files.readString(DIR.resolve(file)));
    }

    private static Container container(Job job) {
        List<Container> containers = job.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static EnvVar env(Container c, String name) {
        return c.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }

    /** Paths of every property the model did not know, at any depth of fabric8's model objects. */
    static List<String> unknownFields(Object o, String path) {
        List<String> unknown = new ArrayList<>();
        walk(o, path, unknown);
        return unknown;
    }

    private static void walk(Object o, String path, List<String> unknown) {
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                walk(e, path + "[" + i++ + "]", unknown);
            }
        } else if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "." + k, unknown));
        } else if (o != null && o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            for (Method m : o.getClass().getMethods()) {
                if (m.getParameterCount() != 0
                        || !m.getName().startsWith("get")
                        || m.getDeclaringClass() == Object.class) {
                    continue;
                }
                Object v;
                try {
                    v = m.invoke(o);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
                String name = Character.toLowerCase(m.getName().charAt(3))
                        + m.getName().substring(4);
                if (name.equals("additionalProperties")) {
                    ((Map<?, ?>) v).keySet().forEach(k -> unknown.add(path + "." + k));
                } else {
                    walk(v, path + "." + name, unknown);
                }
            }
        }
    }
}
