{{/* Chart name, truncated to the 63 characters Kubernetes names allow. */}}
{{- define "cairn.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of the release's objects. */}}
{{- define "cairn.fullname" -}}
{{- if contains .Chart.Name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "cairn.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "cairn.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "cairn.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cairn.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "cairn.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "cairn.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Refuse values that cannot work, with a message that says what to change. */}}
{{- define "cairn.validate" -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.postgresql.enabled) }}
{{- fail "replicaCount > 1 needs postgresql.enabled=true: the embedded H2 catalog is a single file that only one pod can own" }}
{{- end }}
{{- if and .Values.postgresql.enabled (not .Values.postgresql.url) }}
{{- fail "postgresql.enabled=true needs postgresql.url (jdbc:postgresql://host:5432/cairn)" }}
{{- end }}
{{- if and .Values.postgresql.enabled (not .Values.postgresql.existingSecret) }}
{{- fail "postgresql.enabled=true needs postgresql.existingSecret: the name of a Secret holding the password" }}
{{- end }}
{{- if and .Values.hdfs.enabled (not .Values.hdfs.existingConfigMap) (not .Values.hdfs.coreSite) }}
{{- fail "hdfs.enabled=true needs hdfs.existingConfigMap or hdfs.coreSite (and hdfs.hdfsSite)" }}
{{- end }}
{{- end }}
