import axios, { AxiosError, type AxiosAdapter, type AxiosInstance, type AxiosResponse } from 'axios'

/**
 * The small axios adapter uni-app projects write (or copy): one `uni.request` per call, the
 * response shaped for axios, and axios's own status rule (`validateStatus`) applied, so a 401
 * rejects with an AxiosError carrying the response, which is what axios-auth-refresh listens for.
 */
export const uniAxiosAdapter: AxiosAdapter = (config) =>
  new Promise((resolve, reject) => {
    uni.request({
      url: axios.getUri(config),
      method: (config.method ?? 'get').toUpperCase() as 'GET',
      data: config.data,
      header: config.headers.toJSON(),
      timeout: config.timeout || undefined,
      success(res) {
        const response: AxiosResponse = {
          data: res.data,
          status: res.statusCode,
          statusText: '',
          headers: res.header,
          config,
          request: {},
        }
        const validate = config.validateStatus
        if (!validate || validate(res.statusCode)) return resolve(response)
        const code = res.statusCode < 500 ? AxiosError.ERR_BAD_REQUEST : AxiosError.ERR_BAD_RESPONSE
        reject(new AxiosError(`Request failed with status code ${res.statusCode}`, code, config, {}, response))
      },
      fail(err) {
        reject(new AxiosError(err.errMsg, AxiosError.ERR_NETWORK, config, {}))
      },
    })
  })

/**
 * An axios instance over that adapter with the stored token in a request interceptor. Registered
 * first, it runs after any interceptor added later (axios runs request interceptors last-in first),
 * such as the one axios-auth-refresh adds to hold requests during a refresh: held requests read
 * the new token.
 */
export function createUniAxios(baseURL: string): AxiosInstance {
  const instance = axios.create({ baseURL, adapter: uniAxiosAdapter })
  instance.interceptors.request.use((request) => {
    request.headers['Authorization'] = `Bearer ${uni.getStorageSync('token')}`
    return request
  })
  return instance
}
