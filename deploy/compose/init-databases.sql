-- GENERATED from the contracts module (dev.compass.contracts.deploy.DeployArtifacts): do not edit.
-- Regenerate: mvn -B -f contracts/pom.xml test -Dtest=GeneratedArtifactsTest -Dcompass.regenerate=true
create database ingestion;
create database insight;
create database agent;
create database governance;
