# Builds the kairos.jar and runs it on a JRE. Used by docker-compose.yml.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -pl experiment-app -am package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/experiment-app/target/kairos.jar /app/kairos.jar
ENTRYPOINT ["java", "-jar", "/app/kairos.jar"]
CMD ["--help"]
