# syntax=docker/dockerfile:1
# Build: docker build -t cairn .        Run: docker run -p 8080:8080 cairn
# Multi-stage: the JDK builds the jar, then Spring Boot's layered extraction lets dependencies
# (large, rarely changing) cache apart from Cairn's own classes. The run stage is a JRE only.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
COPY bench/ bench/
RUN ./mvnw -B package -DskipTests \
    && mkdir /extracted \
    && java -Djarmode=tools -jar target/cairn-*.jar extract --layers --launcher --destination /extracted

FROM eclipse-temurin:17-jre
# A numeric, non-root user: Kubernetes can verify runAsNonRoot without a name lookup.
RUN groupadd --system --gid 10001 cairn \
    && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/cairn --create-home cairn
WORKDIR /var/lib/cairn
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
# Container-aware heap; HADOOP_CONF_DIR is where core-site.xml/hdfs-site.xml are mounted for HDFS.
# No secrets here: the database password and tokens come from the environment at run time.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    HADOOP_CONF_DIR=/etc/hadoop/conf
USER 10001:10001
EXPOSE 8080
VOLUME ["/var/lib/cairn/data", "/tmp"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
