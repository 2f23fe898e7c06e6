/* eslint-disable @typescript-eslint/no-explicit-any -- a port of untyped JS: its values are whatever the platform hands back. */
import type { Contender } from '../types'

/*
 * The seed's util.js (the wrapper this project set out to replace), ported as written: wx.login + exchange on every
 * expired response, recursion to replay, no lock, no status check, POST for everything.
 * Fixed, and nothing else:
 * - `error(res)` → `fail(res)`: WeChat has no `error` callback, so network failures never settled;
 * - the `}}` syntax error in `ajax`'s parameter list;
 * - the stray `success` in `console.log(url, data, file, success)` and `ajax(url, data, file, success)`:
 *   it is no variable in scope, so as written every replay threw a ReferenceError and the request
 *   rejected with the expiry response; dropping it keeps the evident intent (replay);
 * - the host (https://api.com → the bench server) and the login path (→ the bench's /login).
 * Not shown in the seed, so written as such helpers usually are: `resolveData` adds the stored
 * token to the data, `message` shows a toast. Unused callback parameters carry a `_` for the linter.
 */
declare const wx: any
declare function getApp(): { globalData: Record<string, unknown> }

export const seedWrapper: Contender = {
  name: 'seed wrapper',
  setup(baseURL) {
    const resolveData = (data: any) => ({ ...data, token: wx.getStorageSync('token') })
    const message = (title: string) => wx.showToast({ title, icon: 'none' })

    const wxLogin = () => {
      return new Promise<void>((resolve, reject) => {
        wx.login({
          success: (res: any) => {
            // 发送 res.code 到后台换取 code
            ajax('/login', {
              code: res.code,
            })
              .then((res: any) => {
                if (res.code === '000000') {
                  wx.setStorageSync('token', res.data.token)
                  wx.setStorageSync('userId', res.data.userId)
                  getApp().globalData['userId'] = res.data.userId
                  getApp().globalData['token'] = res.data.token
                  resolve()
                } else {
                  message(res.message || '登录失败')
                  console.log(res.message || '登录失败')
                  reject(res)
                }
              })
              .catch((res: any) => {
                console.log('登录时，网络错误')
                reject(res)
              })
          },
        })
      })
    }

    const ajax = (url = '', data: any = {}, file: any = {}): Promise<any> => {
      let initUrl = ''
      if (/^https?/.test(url)) {
        initUrl = url // 这里是测试url
      } else {
        initUrl = baseURL + url
      }
      return new Promise((resolve, reject) => {
        if (file.name) {
          wx.uploadFile({
            url: initUrl,
            filePath: file.path,
            name: file.name,
            formData: resolveData(data),
            success(res: any) {
              console.log(url + ':')
              console.log(resolveData(data))
              console.log(JSON.parse(res.data))
              if (res.data.code === '001101') {
                // token过期
                wxLogin()
                  .then((_res) => {
                    console.log(url, data, file)
                    return ajax(url, data, file)
                      .then((res) => {
                        // 重新登录获取token后，直接返回data内容即可，不需要再判断了
                        resolve(res)
                      })
                      .catch((err) => {
                        reject(err)
                      })
                  })
                  .catch((_err) => {
                    reject(res)
                  })
              } else {
                resolve(JSON.parse(res.data))
              }
            },
            fail(res: any) {
              reject(res)
            },
          })
        } else {
          wx.request({
            method: 'POST',
            url: initUrl,
            data: resolveData(data),
            success(res: any) {
              console.log(url + ':')
              console.log(resolveData(data))
              console.log(res.data)

              if (res.data.code === '001101') {
                // token过期
                wxLogin()
                  .then((_res) => {
                    console.log(url, data, file)
                    return ajax(url, data, file)
                      .then((res) => {
                        // 重新登录获取token后，直接返回data内容即可，不需要再判断了
                        resolve(res)
                      })
                      .catch((err) => {
                        reject(err)
                      })
                  })
                  .catch((_err) => {
                    reject(res)
                  })
              } else {
                resolve(res.data)
              }
            },
            fail(res: any) {
              reject(res)
            },
          })
        }
      })
    }

    return { get: (path) => ajax(path), dispose() {} }
  },
}
