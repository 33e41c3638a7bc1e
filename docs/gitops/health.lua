-- Argo CD health check for streams.crossaccount.io StreamSubscription and AwsAccount.
-- Healthy: Ready=True for the current generation. Degraded: Stalled=True (a retry cannot fix it; the spec or AWS
-- setup must change). Progressing: anything else (no status yet, a generation not yet observed, Reconciling=True,
-- Ready not True).
local hs = { status = "Progressing", message = "Waiting for the operator to report status" }

if obj.metadata ~= nil and obj.metadata.deletionTimestamp ~= nil then
  hs.message = "Being deleted; the operator is cleaning up in AWS"
  return hs
end
if obj.status == nil then
  return hs
end

local generation = nil
if obj.metadata ~= nil then
  generation = obj.metadata.generation
end
local observed = obj.status.observedGeneration
if generation ~= nil and (observed == nil or observed < generation) then
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

local ready, reconciling, stalled = nil, nil, nil
if obj.status.conditions ~= nil then
  for _, condition in ipairs(obj.status.conditions) do
    if condition.type == "Ready" then
      ready = condition
    elseif condition.type == "Reconciling" then
      reconciling = condition
    elseif condition.type == "Stalled" then
      stalled = condition
    end
  end
end

local function describe(condition)
  local text = condition.reason or condition.type
  if condition.message ~= nil and condition.message ~= "" then
    text = text .. ": " .. condition.message
  end
  return text
end

if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = describe(stalled)
  return hs
end
if reconciling ~= nil and reconciling.status == "True" then
  hs.message = describe(reconciling)
  return hs
end
if ready ~= nil and ready.status == "True" then
  -- A Ready condition written for an older generation says nothing about the current spec.
  if generation ~= nil and ready.observedGeneration ~= nil and ready.observedGeneration < generation then
    hs.message = "Ready was computed for generation " .. tostring(ready.observedGeneration)
    return hs
  end
  hs.status = "Healthy"
  hs.message = describe(ready)
  return hs
end
if ready ~= nil then
  hs.message = describe(ready)
end
return hs
