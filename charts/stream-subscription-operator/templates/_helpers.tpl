{{/* Chart name, truncated to the 63 characters a label value allows. */}}
{{- define "sso.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of the release's objects: the release name, plus the chart name unless the release name contains it. */}}
{{- define "sso.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "sso.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels that select the operator's pods; never change them after the first install (Deployment selectors are immutable). */}}
{{- define "sso.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sso.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "sso.labels" -}}
{{ include "sso.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: stream-subscription-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ include "sso.chart" . }}
{{- end }}

{{- define "sso.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "sso.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name must name an existing ServiceAccount when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "sso.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
Whether leader election is on: "true" or "false".
auto turns it on with more than one replica; false with more than one replica is refused, because two active
operators would undo each other's changes in AWS.
*/}}
{{- define "sso.leaderElect" -}}
{{- $setting := toString .Values.leaderElection.enabled }}
{{- if eq $setting "auto" }}
{{- if gt (int .Values.replicas) 1 }}true{{ else }}false{{ end }}
{{- else if eq $setting "true" }}true
{{- else }}
{{- if gt (int .Values.replicas) 1 }}
{{- fail (printf "leaderElection.enabled: false is not allowed with replicas: %d; two active operators would undo each other's AWS changes. Use auto or true, or set replicas: 1." (int .Values.replicas)) }}
{{- end }}false
{{- end }}
{{- end }}

{{/* The rules on StreamSubscriptions and Events: cluster-wide or, with watchNamespace, in that namespace only. */}}
{{- define "sso.namespacedRules" -}}
- apiGroups: ["streams.crossaccount.io"]
  resources: ["streamsubscriptions"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["streams.crossaccount.io"]
  resources: ["streamsubscriptions/status"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{/* The rules on cluster-scoped resources, always granted by a ClusterRole. */}}
{{- define "sso.clusterRules" -}}
- apiGroups: ["streams.crossaccount.io"]
  resources: ["awsaccounts"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["streams.crossaccount.io"]
  resources: ["awsaccounts/status"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["namespaces"]
  verbs: ["list", "watch"]
{{- end }}
