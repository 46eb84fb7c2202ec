// Command policy-check decides admission requests against ValidatingAdmissionPolicies offline,
// with the code kube-apiserver runs for them (the pinned k8s.io/apiserver): the same defaulting
// and validation of the objects (one the API server would refuse to store is an error), the
// same CEL environment and compilation, the same matching of the policy's matchConstraints and
// its bindings' matchResources, and the same dispatcher, so a refusal carries the status and
// message the API server would answer with. Unit tests use it to prove what the
// platform's policies admit and refuse without starting an API server.
//
// Input on stdin, JSON:
//
//	{"objects": [<ValidatingAdmissionPolicy or ValidatingAdmissionPolicyBinding>, ...],
//	 "requests": [{"operation": "CREATE" | "UPDATE", "object": {...}, "oldObject": {...},
//	               "namespaceObject": {...}, "userInfo": {"username": "...", "groups": ["..."]}}]}
//
// Objects of any other kind are ignored, so a whole manifest can be passed. Output on stdout, JSON:
//
//	{"results": [{"decisions": [{"policy": "<name>", "admitted": false, "code": 403, "message": "..."}]}]}
//
// one result per request and one decision per policy, each policy dispatched on its own.
//
// What it does not evaluate, since no cluster is behind it: the `authorizer` CEL variable (every
// check answers "no opinion"), policies with a paramKind (no parameter objects), and conversion
// between API versions (an object is seen in the version it is written in). A namespaced request
// needs its namespaceObject: it is the only namespace the tool knows.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/plugin/cel"
	"k8s.io/apiserver/pkg/admission/plugin/policy/generic"
	"k8s.io/apiserver/pkg/admission/plugin/policy/matching"
	"k8s.io/apiserver/pkg/admission/plugin/policy/validating"
	"k8s.io/apiserver/pkg/admission/plugin/webhook/matchconditions"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/apiserver/pkg/cel/environment"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	"k8s.io/kubernetes/pkg/apis/admissionregistration"
	_ "k8s.io/kubernetes/pkg/apis/admissionregistration/install"
	admissionregistrationdefaults "k8s.io/kubernetes/pkg/apis/admissionregistration/v1"
	admissionregistrationvalidation "k8s.io/kubernetes/pkg/apis/admissionregistration/validation"
)

type input struct {
	Objects  []json.RawMessage `json:"objects"`
	Requests []request         `json:"requests"`
}

type request struct {
	Operation       admission.Operation    `json:"operation"`
	Object          map[string]interface{} `json:"object"`
	OldObject       map[string]interface{} `json:"oldObject,omitempty"`
	NamespaceObject *corev1.Namespace      `json:"namespaceObject,omitempty"`
	UserInfo        struct {
		Username string   `json:"username"`
		Groups   []string `json:"groups"`
	} `json:"userInfo"`
}

type decision struct {
	Policy   string `json:"policy"`
	Admitted bool   `json:"admitted"`
	// The HTTP status and message of the API server's refusal.
	Code    int32  `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
}

type result struct {
	Decisions []decision `json:"decisions"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "policy-check:", err)
		os.Exit(1)
	}
}

func run() error {
	var in input
	decoder := json.NewDecoder(os.Stdin)
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(&in); err != nil {
		return fmt.Errorf("reading the input: %w", err)
	}
	hooks, err := policyHooks(in.Objects)
	if err != nil {
		return err
	}
	results := make([]result, 0, len(in.Requests))
	for i, req := range in.Requests {
		decisions, err := decide(req, hooks)
		if err != nil {
			return fmt.Errorf("request %d: %w", i, err)
		}
		results = append(results, result{Decisions: decisions})
	}
	return json.NewEncoder(os.Stdout).Encode(map[string]interface{}{"results": results})
}

// policyHooks pairs each policy with its bindings, defaulted as the API server stores them (a
// policy without namespaceSelector, objectSelector or matchPolicy would otherwise not match as it
// does in a cluster), and compiled.
func policyHooks(objects []json.RawMessage) ([]validating.PolicyHook, error) {
	var policies []*admissionregistrationv1.ValidatingAdmissionPolicy
	var bindings []*admissionregistrationv1.ValidatingAdmissionPolicyBinding
	for _, raw := range objects {
		var typeMeta metav1.TypeMeta
		if err := json.Unmarshal(raw, &typeMeta); err != nil {
			return nil, err
		}
		switch typeMeta.Kind {
		case "ValidatingAdmissionPolicy":
			policy := &admissionregistrationv1.ValidatingAdmissionPolicy{}
			if err := strictUnmarshal(raw, policy); err != nil {
				return nil, err
			}
			admissionregistrationdefaults.SetObjectDefaults_ValidatingAdmissionPolicy(policy)
			if err := validate(policy, &admissionregistration.ValidatingAdmissionPolicy{}, func(internal runtime.Object) field.ErrorList {
				return admissionregistrationvalidation.ValidateValidatingAdmissionPolicy(internal.(*admissionregistration.ValidatingAdmissionPolicy))
			}); err != nil {
				return nil, err
			}
			policies = append(policies, policy)
		case "ValidatingAdmissionPolicyBinding":
			binding := &admissionregistrationv1.ValidatingAdmissionPolicyBinding{}
			if err := strictUnmarshal(raw, binding); err != nil {
				return nil, err
			}
			admissionregistrationdefaults.SetObjectDefaults_ValidatingAdmissionPolicyBinding(binding)
			if err := validate(binding, &admissionregistration.ValidatingAdmissionPolicyBinding{}, func(internal runtime.Object) field.ErrorList {
				internalBinding := internal.(*admissionregistration.ValidatingAdmissionPolicyBinding)
				return admissionregistrationvalidation.ValidateValidatingAdmissionPolicyBinding(internalBinding)
			}); err != nil {
				return nil, err
			}
			bindings = append(bindings, binding)
		}
	}
	if len(policies) == 0 {
		return nil, errors.New("the input has no ValidatingAdmissionPolicy")
	}
	hooks := make([]validating.PolicyHook, 0, len(policies))
	for _, policy := range policies {
		if policy.Spec.ParamKind != nil {
			return nil, fmt.Errorf("policy %s has a paramKind: parameters are not supported", policy.Name)
		}
		hook := validating.PolicyHook{Policy: policy, Evaluator: compilePolicy(policy)}
		for _, binding := range bindings {
			if binding.Spec.PolicyName == policy.Name {
				hook.Bindings = append(hook.Bindings, binding)
			}
		}
		hooks = append(hooks, hook)
	}
	return hooks, nil
}

// validate refuses what the API server would refuse to store: a policy it never runs (no
// resourceRules, say) must not be evaluated as if it were in force. Validation works on the
// internal version, as in the API server.
func validate(object metav1.Object, internal runtime.Object, validation func(runtime.Object) field.ErrorList) error {
	if err := legacyscheme.Scheme.Convert(object, internal, nil); err != nil {
		return err
	}
	if errs := validation(internal); len(errs) > 0 {
		return fmt.Errorf("the API server would refuse %s: %w", object.GetName(), errs.ToAggregate())
	}
	return nil
}

// A misspelt field would be dropped silently by the API server's lenient decoding too, but here
// it would more likely be a mistake of the caller than of the policy.
func strictUnmarshal(raw json.RawMessage, into interface{}) error {
	decoder := json.NewDecoder(strings.NewReader(string(raw)))
	decoder.DisallowUnknownFields()
	return decoder.Decode(into)
}

// compilePolicy is the plugin's own (unexported) compilePolicy of k8s.io/apiserver
// pkg/admission/plugin/policy/validating, written out with its exported pieces: the base CEL
// environment of this version with strict cost, the variables stored for the other expressions,
// matchConditions, validations with their messageExpressions.
func compilePolicy(policy *admissionregistrationv1.ValidatingAdmissionPolicy) validating.Validator {
	optionalVars := cel.OptionalVariableDeclarations{HasParams: false, HasAuthorizer: true}
	expressionOptionalVars := cel.OptionalVariableDeclarations{HasParams: false, HasAuthorizer: false}
	failurePolicy := policy.Spec.FailurePolicy
	compiler, err := cel.NewCompositedCompiler(environment.MustBaseEnvSet(environment.DefaultCompatibilityVersion()))
	if err != nil {
		return validating.NewValidator(nil, nil, nil, nil, failurePolicy, err)
	}
	variables := make([]cel.NamedExpressionAccessor, len(policy.Spec.Variables))
	for i, variable := range policy.Spec.Variables {
		variables[i] = &validating.Variable{Name: variable.Name, Expression: variable.Expression}
	}
	compiler.CompileAndStoreVariables(variables, optionalVars, environment.StoredExpressions)

	var matcher matchconditions.Matcher
	if conditions := policy.Spec.MatchConditions; len(conditions) > 0 {
		accessors := make([]cel.ExpressionAccessor, len(conditions))
		for i := range conditions {
			accessors[i] = (*matchconditions.MatchCondition)(&conditions[i])
		}
		matcher = matchconditions.NewMatcher(
			compiler.CompileCondition(accessors, optionalVars, environment.StoredExpressions),
			failurePolicy, "policy", "validate", policy.Name,
		)
	}
	validations := make([]cel.ExpressionAccessor, len(policy.Spec.Validations))
	messages := make([]cel.ExpressionAccessor, len(policy.Spec.Validations))
	for i, validation := range policy.Spec.Validations {
		validations[i] = &validating.ValidationCondition{
			Expression: validation.Expression,
			Message:    validation.Message,
			Reason:     validation.Reason,
		}
		if validation.MessageExpression != "" {
			messages[i] = &validating.MessageExpressionCondition{MessageExpression: validation.MessageExpression}
		}
	}
	audits := make([]cel.ExpressionAccessor, len(policy.Spec.AuditAnnotations))
	for i, audit := range policy.Spec.AuditAnnotations {
		audits[i] = &validating.AuditAnnotationCondition{Key: audit.Key, ValueExpression: audit.ValueExpression}
	}
	return validating.NewValidator(
		compiler.CompileCondition(validations, optionalVars, environment.StoredExpressions),
		matcher,
		compiler.CompileCondition(audits, optionalVars, environment.StoredExpressions),
		compiler.CompileCondition(messages, expressionOptionalVars, environment.StoredExpressions),
		failurePolicy,
		nil,
	)
}

// noOpinion stands in for RBAC: the tool knows no roles.
var noOpinion = authorizer.AuthorizerFunc(func(context.Context, authorizer.Attributes) (authorizer.Decision, string, error) {
	return authorizer.DecisionNoOpinion, "policy-check has no authorizer", nil
})

func decide(req request, hooks []validating.PolicyHook) ([]decision, error) {
	attributes, err := attributesOf(req)
	if err != nil {
		return nil, err
	}
	namespaces := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{})
	if req.NamespaceObject != nil {
		if err := namespaces.Add(req.NamespaceObject); err != nil {
			return nil, err
		}
	} else if attributes.GetNamespace() != "" {
		// The matcher would ask a client for it, and there is none.
		return nil, fmt.Errorf("the object is in namespace %s: give its namespaceObject", attributes.GetNamespace())
	}
	dispatcher := validating.NewDispatcher(noOpinion,
		generic.NewPolicyMatcher(matching.NewMatcher(corelisters.NewNamespaceLister(namespaces), nil)))
	// Objects are unstructured: no conversion between versions happens, so an empty scheme does.
	objectInterfaces := admission.NewObjectInterfacesFromScheme(runtime.NewScheme())

	decisions := make([]decision, 0, len(hooks))
	for _, hook := range hooks {
		err := dispatcher.Dispatch(context.Background(), attributes, objectInterfaces, []validating.PolicyHook{hook})
		var status *apierrors.StatusError
		switch {
		case err == nil:
			decisions = append(decisions, decision{Policy: hook.Policy.Name, Admitted: true})
		case errors.As(err, &status):
			decisions = append(decisions, decision{Policy: hook.Policy.Name, Code: status.ErrStatus.Code, Message: status.Error()})
		default:
			return nil, err
		}
	}
	return decisions, nil
}

// attributesOf makes the admission attributes the API server would: kind and resource from the
// object (the resource is the kind's lowercase plural, as for every built-in kind the platform
// polices), namespace and name from its metadata.
func attributesOf(req request) (admission.Attributes, error) {
	if req.Object == nil {
		return nil, errors.New("no object")
	}
	object := &unstructured.Unstructured{Object: req.Object}
	var oldObject runtime.Object
	var options runtime.Object
	switch req.Operation {
	case admission.Create:
		options = &metav1.CreateOptions{}
	case admission.Update:
		if req.OldObject == nil {
			return nil, errors.New("an UPDATE needs its oldObject")
		}
		oldObject = &unstructured.Unstructured{Object: req.OldObject}
		options = &metav1.UpdateOptions{}
	default:
		return nil, fmt.Errorf("operation %q: only CREATE and UPDATE are supported", req.Operation)
	}
	kind := object.GroupVersionKind()
	if kind.Kind == "" || kind.Version == "" {
		return nil, errors.New("the object has no apiVersion or kind")
	}
	resource, _ := meta.UnsafeGuessKindToResource(kind)
	userInfo := &user.DefaultInfo{Name: req.UserInfo.Username, Groups: req.UserInfo.Groups}
	return admission.NewAttributesRecord(object, oldObject, kind, object.GetNamespace(), object.GetName(), resource, "",
		req.Operation, options, false, userInfo), nil
}
