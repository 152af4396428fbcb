/**
 * The environment the Python tools run in: only what they need, so that nothing of the machine's configuration
 * interferes — no pip or twine configuration (PIP_CONFIG_FILE=/dev/null, a throwaway HOME for ~/.pypirc and caches),
 * no keyring (it can block on a desktop session), no proxy for the local registry, no interactive prompts.
 */
export function toolEnvironment(home: string): NodeJS.ProcessEnv {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    PIP_CONFIG_FILE: '/dev/null',
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
    PIP_NO_INPUT: '1',
    PYTHON_KEYRING_BACKEND: 'keyring.backends.null.Keyring',
    PYTHONDONTWRITEBYTECODE: '1',
    NO_PROXY: '*',
    no_proxy: '*',
  };
}
